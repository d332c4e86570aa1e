package org.ordersaga.order.client;

import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.WebApplicationException;

/** Sorts a participant's error answers into the two failures the fault-tolerance policies tell apart. */
final class Responses {

    private Responses() {
    }

    static JsonNode classify(String call, Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = call + " answered " + status;
            throw status < 500 ? new ParticipantRefusedRequest(message) : new ParticipantFailure(message);
        }
    }
}
