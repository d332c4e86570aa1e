package org.ordersaga.order.domain;

import java.util.Objects;

/**
 * A {@code POST /orders} sent under an idempotency key: the key, and the fingerprint of what was asked (hex SHA-256
 * of the request's canonical JSON), which tells a retry of the same order from another order reusing the key.
 */
public record KeyedRequest(IdempotencyKey key, String fingerprint) {

    public KeyedRequest {
        Objects.requireNonNull(key);
        Objects.requireNonNull(fingerprint);
    }
}
