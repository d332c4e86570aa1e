package org.ordersaga.orchestrator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which reading of the participants' queues may still hold a deadline ({@link CommandQueues}): the last good one, while
 * it is recent, that is while less than {@code staleAfter} has passed since its refresh began. A refresh that fails or
 * comes late leaves it in place, so a command it saw queued stays held rather than re-sent because Kafka answered
 * slowly once. An older reading, or none, holds nothing: every command counts as possibly read, and a lost one is sent
 * again (the safe fallback), at most {@code staleAfter} later than with a fresh reading.
 */
final class RecentReading<T> {

    private record Taken<T>(T reading, Instant at) {
    }

    private final Duration staleAfter;
    private volatile Taken<T> last;
    private boolean failing;

    /** Refuses a bound no longer than {@code refreshEvery}: every reading would be stale before the next one. */
    RecentReading(Duration staleAfter, Duration refreshEvery) {
        if (staleAfter.compareTo(refreshEvery) <= 0) {
            throw new IllegalArgumentException(("ordersaga.orchestrator.queues.stale-after (%s) must be longer than"
                    + " ordersaga.orchestrator.queues.refresh-every (%s)").formatted(staleAfter, refreshEvery));
        }
        this.staleAfter = staleAfter;
    }

    /** A refresh that began {@code at} read {@code reading}. */
    synchronized void taken(T reading, Instant at) {
        last = new Taken<>(reading, at);
        failing = false;
    }

    /** A refresh failed; the last good reading stays. Whether this is the first failure since it (worth a warning). */
    synchronized boolean failed() {
        boolean first = !failing;
        failing = true;
        return first;
    }

    /** The last good reading if it is still recent {@code now}. */
    Optional<T> at(Instant now) {
        Taken<T> taken = last;
        return taken == null || !now.isBefore(taken.at().plus(staleAfter)) ? Optional.empty()
                : Optional.of(taken.reading());
    }
}
