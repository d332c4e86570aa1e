package org.ordersaga.order.config;

import java.util.Locale;
import java.util.Optional;

/** How {@code POST /orders} decides an order: the saga over Kafka (async) or the REST call chain (sync). */
public enum OrderMode {
    ASYNC, SYNC;

    /**
     * As in the {@code X-Order-Mode} header, metric tags, logs and {@code GET /orders/{id}}:
     * {@code sync}, {@code async}.
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code sync} / {@code async} in any case; empty for anything else. */
    public static Optional<OrderMode> parse(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
