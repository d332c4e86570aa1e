package org.ordersaga.order.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the attempts of one guarded call came to, recorded by the attempts themselves (the retries and timeouts run
 * around them, so the caller only sees the last failure). An attempt that got an error answer or whose connection was
 * refused did nothing at the participant; one that timed out or lost its connection mid-request may have committed.
 */
public final class CallAttempts {

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger endedWithoutEffect = new AtomicInteger();

    void started() {
        started.incrementAndGet();
    }

    void endedWithoutEffect() {
        endedWithoutEffect.incrementAndGet();
    }

    /** Whether some attempt reached the participant without a clear "nothing done": its outcome is unknown. */
    public boolean mayHaveHadEffect() {
        return started.get() > endedWithoutEffect.get();
    }
}
