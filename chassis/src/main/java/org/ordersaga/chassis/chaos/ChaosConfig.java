package org.ordersaga.chassis.chaos;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code ordersaga.faults.*}: fault injection, off unless {@code enabled}. The {@code rest} and {@code messages}
 * settings are the faults at start-up; {@code PUT /admin/faults} replaces them at runtime.
 */
@ConfigMapping(prefix = "ordersaga.faults")
public interface ChaosConfig {

    /** Master switch: when false nothing is injected and the admin endpoint refuses changes. */
    @WithDefault("false")
    boolean enabled();

    /** Fault injection in the prod profile needs this second, explicit switch; otherwise the service refuses to start. */
    @WithDefault("false")
    boolean allowedInProd();

    Spec rest();

    Spec messages();

    /**
     * How long an "unavailable" message handler holds a message before failing it: it must stay below the transaction
     * timeout, since the hold happens inside the handler's transaction. A consumer that handles a poll in one
     * transaction holds each of the poll's messages in turn, so there latency and holds add up over the poll.
     */
    @WithDefault("30s")
    Duration messageHoldLimit();

    interface Spec {
        @WithDefault("0ms")
        Duration latency();

        @WithDefault("0ms")
        Duration jitter();

        @WithDefault("0")
        double errorRate();

        @WithDefault("false")
        boolean unavailable();

        default FaultSpec toSpec() {
            return new FaultSpec(latency().toMillis(), jitter().toMillis(), errorRate(), unavailable());
        }
    }
}
