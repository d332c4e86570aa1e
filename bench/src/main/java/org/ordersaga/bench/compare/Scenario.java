package org.ordersaga.bench.compare;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A fault applied to one participant for the fault window of a run, through its {@code /admin/faults} (REST and
 * message handlers alike, so both modes meet the same fault). Baseline applies none; so does mixed, which runs both
 * modes at once on one deployment: order-service's rollout switch sends a share of the orders through the saga.
 */
public enum Scenario {
    BASELINE("baseline", "no fault", null, null),
    PAYMENT_LATENCY("payment-latency", "payment +800 ms", "payment",
            "{\"rest\":{\"latencyMs\":800},\"messages\":{\"latencyMs\":800}}"),
    PAYMENT_ERRORS("payment-errors", "payment 30 % errors", "payment",
            "{\"rest\":{\"errorRate\":0.3},\"messages\":{\"errorRate\":0.3}}"),
    PAYMENT_DOWN("payment-down", "payment unavailable, then back", "payment",
            "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}"),
    INVENTORY_DOWN("inventory-down", "inventory unavailable, then back", "inventory",
            "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}"),
    NOTIFICATION_DOWN("notification-down", "notification unavailable, then back", "notification",
            "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}"),
    MIXED("mixed", "both modes at once, the rollout switch choosing per order", null, null);

    private final String id;
    private final String title;
    private final String faultedService;
    private final String faults;

    Scenario(String id, String title, String faultedService, String faults) {
        this.id = id;
        this.title = title;
        this.faultedService = faultedService;
        this.faults = faults;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Short service name ({@code payment}), or null for the baseline. */
    public String faultedService() {
        return faultedService;
    }

    /** The body of the {@code PUT /admin/faults} that starts the fault window. */
    public String faults() {
        return faults;
    }

    public static Scenario byId(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id.equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + java.util.Arrays.stream(values())
                .map(Scenario::id).toList());
    }

    /** Reads {@code --scenarios a,b}. */
    static final class FromId implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String id) {
            try {
                return byId(id.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
