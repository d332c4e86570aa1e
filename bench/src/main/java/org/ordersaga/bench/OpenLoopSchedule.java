package org.ordersaga.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When each request of an open-loop load is due: request {@code i} at start + i / rate, whatever the answers so far.
 * Its latency starts at that instant, not when it was actually sent: a sender held up (a GC pause, a fault switched on
 * in between) would otherwise start the clock late for exactly the requests that waited, and hide the wait
 * (coordinated omission).
 */
public record OpenLoopSchedule(long startNanos, long intervalNanos) {

    public static OpenLoopSchedule startingNow(int perSecond) {
        return new OpenLoopSchedule(System.nanoTime(), TimeUnit.SECONDS.toNanos(1) / perSecond);
    }

    public long dueAt(int index) {
        return startNanos + index * intervalNanos;
    }

    /** Waits until request {@code index} is due (not at all when it is late) and returns its due instant. */
    public long awaitTurn(int index) {
        long due = dueAt(index);
        LockSupport.parkNanos(due - System.nanoTime());
        return due;
    }
}
