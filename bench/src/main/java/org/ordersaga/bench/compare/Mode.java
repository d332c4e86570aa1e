package org.ordersaga.bench.compare;

/** The order-service mode a run drives ({@code POST /orders?mode=...}). */
public enum Mode {
    SYNC, ASYNC;

    public String id() {
        return name().toLowerCase();
    }

    public static Mode byId(String id) {
        return valueOf(id.trim().toUpperCase());
    }
}
