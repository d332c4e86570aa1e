package org.ordersaga.order.client;

/**
 * A participant answered 5xx (failed, overloaded or unavailable), or 401/403 (refused order-service's credential): worth
 * a retry, counts against its breaker.
 */
public class ParticipantFailure extends RuntimeException {

    public ParticipantFailure(String message) {
        super(message);
    }
}
