package org.ordersaga.order.service;

import org.ordersaga.order.domain.IdempotencyKey;

/**
 * Another request stored this idempotency key first (its transaction committed while this one waited for it): this
 * request's transaction is rolled back, nothing of it is kept, and it is answered as a repeat of that one.
 */
public class IdempotencyKeyInUse extends RuntimeException {

    public IdempotencyKeyInUse(IdempotencyKey key) {
        super("Idempotency key " + key.value() + " was stored by another request");
    }
}
