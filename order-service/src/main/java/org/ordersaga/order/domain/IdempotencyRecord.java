package org.ordersaga.order.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.ordersaga.order.config.OrderMode;

/**
 * What order_db keeps per idempotency key: the request's fingerprint, the one order it placed, the mode that order
 * runs in, and the answer once there is one. A synchronous chain's record has no answer while the chain runs (or
 * after the process died in it); an asynchronous order's record has its answer from the start.
 */
public record IdempotencyRecord(IdempotencyKey key, String fingerprint, UUID orderId, OrderMode mode,
        Instant createdAt, Optional<RecordedAnswer> answer) {

    public IdempotencyRecord {
        Objects.requireNonNull(key);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(orderId);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(answer);
    }

    /** The record of an order whose answer is known when it is stored (asynchronous: 202). */
    public static IdempotencyRecord answered(KeyedRequest request, UUID orderId, OrderMode mode, Instant now,
            RecordedAnswer answer) {
        return new IdempotencyRecord(request.key(), request.fingerprint(), orderId, mode, now, Optional.of(answer));
    }

    /** The record of an order whose answer comes later (synchronous: once the chain has one). */
    public static IdempotencyRecord inFlight(KeyedRequest request, UUID orderId, OrderMode mode, Instant now) {
        return new IdempotencyRecord(request.key(), request.fingerprint(), orderId, mode, now, Optional.empty());
    }

    /** Whether {@code request} asks for the same thing as the request that first used the key. */
    public boolean sameRequestAs(KeyedRequest request) {
        return fingerprint.equals(request.fingerprint());
    }
}
