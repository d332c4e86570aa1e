package org.ordersaga.chassis.logging;

import org.jboss.logging.MDC;

/**
 * Puts the order and saga IDs into the logging MDC (next to the {@code traceId} that Quarkus OpenTelemetry puts there)
 * for the duration of a try-with-resources block.
 */
public final class LogContext {

    /** An {@link AutoCloseable} whose close cannot fail, so callers need no catch block. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private LogContext() {
    }

    public static Scope forOrder(String orderId, String sagaId) {
        put("orderId", orderId);
        put("sagaId", sagaId);
        return () -> {
            MDC.remove("orderId");
            MDC.remove("sagaId");
        };
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
