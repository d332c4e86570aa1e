package org.ordersaga.bench.compare;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The order-service mode a run drives ({@code POST /orders?mode=...}). */
public enum Mode {
    SYNC, ASYNC;

    public String id() {
        return name().toLowerCase();
    }

    public static Mode byId(String id) {
        return valueOf(id.trim().toUpperCase());
    }

    /** Reads {@code --modes sync,async}. */
    static final class FromId implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String id) {
            try {
                return byId(id);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown mode '" + id + "'; known: sync, async");
            }
        }
    }
}
