package org.ordersaga.order.client;

import java.net.ConnectException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

/**
 * Sorts a participant's error answers into the two failures the fault-tolerance policies tell apart, and records on
 * the call's {@link CallAttempts} which attempts surely did nothing (an error answer: the participant's transaction
 * rolled back; a refused connection: it never ran).
 */
final class Responses {

    private Responses() {
    }

    static JsonNode classify(String call, Supplier<JsonNode> request) {
        return classify(call, new CallAttempts(), request);
    }

    static JsonNode classify(String call, CallAttempts attempts, Supplier<JsonNode> request) {
        attempts.started();
        try {
            return request.get();
        } catch (WebApplicationException e) {
            attempts.endedWithoutEffect();
            int status = e.getResponse().getStatus();
            String message = call + " answered " + status;
            if (status == 401 || status == 403) {
                // Our credential was refused (ordersaga.participants.*): a deployment fault, not this order's, so
                // the order waits for recovery instead of being rejected.
                throw new ParticipantFailure(message + ": order-service's credential refused");
            }
            throw status < 500 ? new ParticipantRefusedRequest(message) : new ParticipantFailure(message);
        } catch (ProcessingException e) {
            if (connectionRefused(e)) {
                attempts.endedWithoutEffect();
            }
            throw e;
        }
    }

    private static boolean connectionRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
