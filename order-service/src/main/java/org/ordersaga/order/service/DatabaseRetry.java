package org.ordersaga.order.service;

import java.time.Duration;
import java.util.function.IntFunction;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.Backoff;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.chassis.persistence.DeadConnections;
import org.ordersaga.order.config.OrderConfig;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one transaction of a request again when the database could not be reached ({@link TransientFailures}: a
 * terminated backend, a restart, a pool timeout), a few times with a short backoff, then lets the failure through for
 * a 503 ({@code rest/DatabaseUnavailable}). Such a transaction rolled back, unless the connection was lost during its
 * commit: so each try is told its number, and a try after the first checks whether an earlier one committed.
 * After a lost connection the pool drops the dead connections it still holds ({@link DeadConnections}), so the next
 * try gets a live one rather than the next dead one.
 */
@ApplicationScoped
public class DatabaseRetry {

    private static final Logger LOG = Logger.getLogger(DatabaseRetry.class);

    private final DeadConnections deadConnections;
    private final int attempts;
    private final Backoff backoff;

    public DatabaseRetry(DeadConnections deadConnections, OrderConfig config) {
        this.deadConnections = deadConnections;
        this.attempts = config.database().attempts();
        Duration first = config.database().backoff();
        this.backoff = new Backoff(first, 2, first.multipliedBy(1L << Math.max(0, attempts - 2)));
    }

    /** {@code work} gets the number of its try (1 for the first); its result, or the last failure. */
    public <T> T call(String what, IntFunction<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.apply(attempt);
            } catch (RuntimeException failure) {
                if (!deadConnections.unreachable(failure) || attempt >= attempts) {
                    throw failure;
                }
                Duration delay = backoff.delay(attempt);
                LOG.warnf("%s: database unreachable (%s); try %d of %d in %d ms", what, failure.toString(),
                        attempt + 1, attempts, delay.toMillis());
                sleep(delay);
            }
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the database", e);
        }
    }
}
