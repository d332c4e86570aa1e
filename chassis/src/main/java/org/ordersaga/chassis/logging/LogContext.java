package org.ordersaga.chassis.logging;

import org.jboss.logging.MDC;

/**
 * Puts the order and saga IDs into the logging MDC (next to the {@code traceId} that Quarkus OpenTelemetry puts there)
 * for the duration of a try-with-resources block; closing it restores the IDs of the enclosing block, so scopes nest.
 */
public final class LogContext {

    /** An {@link AutoCloseable} whose close cannot fail, so callers need no catch block. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final String ORDER_ID = "orderId";
    private static final String SAGA_ID = "sagaId";

    private LogContext() {
    }

    public static Scope forOrder(String orderId, String sagaId) {
        Object outerOrderId = MDC.get(ORDER_ID);
        Object outerSagaId = MDC.get(SAGA_ID);
        put(ORDER_ID, orderId);
        put(SAGA_ID, sagaId);
        return () -> {
            put(ORDER_ID, outerOrderId);
            put(SAGA_ID, outerSagaId);
        };
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
