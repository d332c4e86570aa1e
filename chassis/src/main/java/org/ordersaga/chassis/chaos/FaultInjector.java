package org.ordersaga.chassis.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.BeforeMessageHook;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Decides, per REST request and per message, whether to add latency, fail or act unavailable, from the faults set in
 * configuration ({@code ordersaga.faults.*}) and replaced at runtime through {@code /admin/faults}. Inert unless
 * enabled; built at start-up so that a forbidden prod configuration stops the service before it serves anything.
 */
@Startup
@ApplicationScoped
public class FaultInjector implements BeforeMessageHook {

    /** What a REST request meets before its handler runs. */
    public enum RestOutcome { PASS, FAIL, UNAVAILABLE }

    private static final Logger LOG = Logger.getLogger(FaultInjector.class);
    private static final long HOLD_POLL_MS = 100;

    private final boolean enabled;
    private final Duration messageHoldLimit;
    private final AtomicReference<Faults> current;

    @Inject
    FaultInjector(ChaosConfig config) {
        this(config.enabled(), config.allowedInProd(), new Faults(config.rest().toSpec(), config.messages().toSpec()),
                config.messageHoldLimit(), ConfigUtils.getProfiles());
    }

    FaultInjector(boolean enabled, boolean allowedInProd, Faults initial, Duration messageHoldLimit,
            List<String> activeProfiles) {
        refuseForbiddenSetup(enabled, allowedInProd, initial, activeProfiles);
        this.enabled = enabled;
        this.messageHoldLimit = messageHoldLimit;
        this.current = new AtomicReference<>(enabled ? initial : Faults.NONE);
        if (enabled) {
            LOG.warnf("Fault injection is enabled: %s", initial);
        }
    }

    /** Fails when fault injection would run in prod without the explicit permission, or starts with invalid faults. */
    static void refuseForbiddenSetup(boolean enabled, boolean allowedInProd, Faults initial, List<String> profiles) {
        if (enabled && profiles.contains("prod") && !allowedInProd) {
            throw new IllegalStateException("ordersaga.faults.enabled=true is refused in the prod profile unless "
                    + "ordersaga.faults.allowed-in-prod=true");
        }
        var problems = new java.util.ArrayList<>(initial.rest().problems("ordersaga.faults.rest."));
        problems.addAll(initial.messages().problems("ordersaga.faults.messages."));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid fault injection settings: " + problems);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public Faults current() {
        return current.get();
    }

    /** Replaces the faults (already validated by the caller); refused when fault injection is disabled. */
    public Faults replace(Faults faults) {
        if (!enabled) {
            throw new IllegalStateException("Fault injection is disabled");
        }
        current.set(faults);
        LOG.warnf("Faults changed: %s", faults);
        return faults;
    }

    public RestOutcome beforeRestRequest() {
        FaultSpec rest = current.get().rest();
        if (rest.unavailable()) {
            return RestOutcome.UNAVAILABLE;
        }
        return failsNow(rest) ? RestOutcome.FAIL : RestOutcome.PASS;
    }

    /** The delay to add to a REST response now, in milliseconds. */
    public long restResponseDelayMs() {
        return delayMs(current.get().rest());
    }

    /**
     * Runs before a message's effect, on the handler's worker thread: while the handler is "unavailable" the message is
     * held (neither processed nor acknowledged) up to the hold limit, then failed; latency sleeps; an injected error
     * throws. A failed message is handled as any failure: its transaction rolls back and it is delivered again.
     */
    @Override
    public void beforeMessage(String what) {
        if (!enabled) {
            return;
        }
        long holdDeadline = System.nanoTime() + messageHoldLimit.toNanos();
        boolean held = false;
        while (current.get().messages().unavailable()) {
            if (!held) {
                LOG.warnf("Injected fault: message handler unavailable, holding %s", what);
                held = true;
            }
            if (System.nanoTime() > holdDeadline) {
                throw new InjectedFaultException("Injected fault: message handler unavailable for " + what);
            }
            sleep(HOLD_POLL_MS);
        }
        FaultSpec messages = current.get().messages();
        long delay = delayMs(messages);
        if (delay > 0) {
            LOG.infof("Injected fault: delaying %s by %d ms", what, delay);
            sleep(delay);
        }
        if (failsNow(messages)) {
            throw new InjectedFaultException("Injected fault: handling of " + what + " failed");
        }
    }

    private static long delayMs(FaultSpec spec) {
        return spec.latencyMs() + (spec.jitterMs() > 0 ? ThreadLocalRandom.current().nextLong(spec.jitterMs() + 1) : 0);
    }

    private static boolean failsNow(FaultSpec spec) {
        return spec.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < spec.errorRate();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InjectedFaultException("Interrupted while injecting a fault");
        }
    }
}
