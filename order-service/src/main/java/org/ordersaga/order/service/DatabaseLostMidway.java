package org.ordersaga.order.service;

import java.util.UUID;

/**
 * A synchronous chain lost the database after its order was stored: the order stays PENDING and the recovery sweep
 * finishes it ({@link SyncRecoverySweep}); the client is told to read it later.
 */
public class DatabaseLostMidway extends RuntimeException {

    private final UUID orderId;

    public DatabaseLostMidway(UUID orderId, Throwable cause) {
        super("Order " + orderId + ": the database could not be reached midway", cause);
        this.orderId = orderId;
    }

    public UUID orderId() {
        return orderId;
    }
}
