package org.ordersaga.chassis.deadletter;

/** A record refused before its handler ran: it cannot be parsed, has no contract, or violates its contract. */
public class RejectedMessageException extends RuntimeException {

    private final DeadLetterReason reason;

    public RejectedMessageException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
