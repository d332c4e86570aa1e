package org.ordersaga.bench.compare;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What a run does to the stack during its fault window. The first kind goes through a participant's
 * {@code /admin/faults} (REST and message handlers alike, so both modes meet the same fault); baseline applies none;
 * so does mixed, which runs both modes at once on one deployment: order-service's rollout switch sends a share of the
 * orders through the saga. The chaos kind acts on a service's process: killed (SIGKILL) and started again at the end of
 * the window, or paused (SIGSTOP) and resumed, or the launcher's JVM killed and the whole stack started again;
 * {@code bench.jar chaos} runs those.
 */
public enum Scenario {
    BASELINE("baseline", "no fault"),
    PAYMENT_LATENCY("payment-latency", "payment +800 ms", admin("payment",
            "{\"rest\":{\"latencyMs\":800},\"messages\":{\"latencyMs\":800}}")),
    PAYMENT_ERRORS("payment-errors", "payment 30 % errors", admin("payment",
            "{\"rest\":{\"errorRate\":0.3},\"messages\":{\"errorRate\":0.3}}")),
    PAYMENT_DOWN("payment-down", "payment unavailable, then back", unavailable("payment")),
    INVENTORY_DOWN("inventory-down", "inventory unavailable, then back", unavailable("inventory")),
    NOTIFICATION_DOWN("notification-down", "notification unavailable, then back", unavailable("notification")),
    MIXED("mixed", "both modes at once, the rollout switch choosing per order"),
    KILL_ORCHESTRATOR("kill-orchestrator", "saga-orchestrator killed (SIGKILL), then started again",
            killed("orchestrator")),
    KILL_INVENTORY("kill-inventory", "inventory-service killed (SIGKILL), then started again",
            killed("inventory")),
    KILL_PAYMENT("kill-payment", "payment-service killed (SIGKILL), then started again",
            killed("payment")),
    KILL_FULFILLMENT("kill-fulfillment", "fulfillment-service killed (SIGKILL), then started again",
            killed("fulfillment")),
    KILL_NOTIFICATION("kill-notification", "notification-service killed (SIGKILL), then started again",
            killed("notification")),
    KILL_ORDER("kill-order", "order-service killed (SIGKILL), then started again", killed("order")),
    PAUSE_PAYMENT("pause-payment", "payment-service paused (SIGSTOP) past its deadlines, then resumed",
            paused("payment")),
    TERMINATE_CONNECTIONS("terminate-connections", "every service's database connections terminated",
            new ProcessFault(Fault.ConnectionsTerminated::new)),
    // Last: every process of the stack is new after it, which the CPU figures of a later run would have to follow.
    KILL_PLATFORM("kill-platform", "platform JVM (Kafka, CDC relay) killed (SIGKILL), then the stack started again",
            new ProcessFault(Fault.PlatformKilled::new));

    private final String id;
    private final String title;
    private final Supplier<Fault> fault;
    private final boolean chaos;

    Scenario(String id, String title) {
        this(id, title, null, false);
    }

    Scenario(String id, String title, Supplier<Fault> fault) {
        this(id, title, fault, false);
    }

    Scenario(String id, String title, ProcessFault fault) {
        this(id, title, fault.fault(), true);
    }

    Scenario(String id, String title, Supplier<Fault> fault, boolean chaos) {
        this.id = id;
        this.title = title;
        this.fault = fault;
        this.chaos = chaos;
    }

    /** A fault on a process or its connections, which only {@code chaos} runs unless named. */
    private record ProcessFault(Supplier<Fault> fault) {
    }

    private static ProcessFault killed(String service) {
        return new ProcessFault(() -> new Fault.Killed(service));
    }

    private static ProcessFault paused(String service) {
        return new ProcessFault(() -> new Fault.Paused(service));
    }

    private static Supplier<Fault> admin(String service, String faults) {
        return () -> new Fault.AdminFaults(service, faults);
    }

    private static Supplier<Fault> unavailable(String service) {
        return admin(service, "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}");
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Whether the scenario has a fault window. */
    public boolean hasFault() {
        return fault != null;
    }

    /** A fresh fault for one run; only for a scenario that {@link #hasFault()}. */
    Fault newFault() {
        return fault.get();
    }

    /** Acts on a process rather than through {@code /admin/faults}. */
    public boolean isChaos() {
        return chaos;
    }

    /** What {@code compare} runs unless told otherwise: every scenario but the chaos ones. */
    public static List<Scenario> comparison() {
        return Arrays.stream(values()).filter(s -> !s.isChaos()).toList();
    }

    /** What {@code chaos} runs unless told otherwise. */
    public static List<Scenario> chaos() {
        return Arrays.stream(values()).filter(Scenario::isChaos).toList();
    }

    public static Scenario byId(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id.equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + Arrays.stream(values())
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
