package org.ordersaga.order.client;

/**
 * A participant answered 4xx (but 401/403, see {@link ParticipantFailure}): the request itself is wrong (or refused),
 * so retrying cannot help and the participant is not failing — neither a retry nor a circuit-breaker failure.
 */
public class ParticipantRefusedRequest extends RuntimeException {

    public ParticipantRefusedRequest(String message) {
        super(message);
    }
}
