package org.ordersaga.chassis.messaging;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.TransientFailures.Kind;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs work again while its failures are transient ({@link TransientFailures}): a lost race at once, a few times; an
 * unavailable database for as long as it stays away, with capped exponential backoff ({@link ConsumerRetryConfig}) on
 * the calling thread. A consumer that waits here settles nothing meanwhile, so its records are neither acknowledged
 * nor dead-lettered and its committed offsets stay where they are until the work is done. Logs go out in the caller's
 * log context (order, saga and trace IDs).
 */
@ApplicationScoped
public class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);

    /** How the caller waits; a test records the waits instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The thread was interrupted while waiting (a shutdown): the work was not done and nothing may be settled. */
    public static final class Interrupted extends RuntimeException {
        Interrupted(String what) {
            super(what + ": interrupted while waiting to retry");
        }
    }

    private final Backoff backoff;
    private final Sleeper sleeper;
    private final MeterRegistry meters;

    @Inject
    public Retries(ConsumerRetryConfig config, MeterRegistry meters) {
        this(Backoff.of(config), duration -> Thread.sleep(duration.toMillis()), meters);
    }

    public Retries(Backoff backoff, Sleeper sleeper) {
        this(backoff, sleeper, new SimpleMeterRegistry());
    }

    Retries(Backoff backoff, Sleeper sleeper, MeterRegistry meters) {
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.meters = meters;
    }

    /**
     * Runs {@code action} until it succeeds: a lost race is tried up to {@code raceAttempts} times in all, an
     * infrastructure failure without limit; a permanent failure, or the last race, is thrown.
     */
    public void run(String what, int raceAttempts, Runnable action) {
        int[] races = {0};
        retry(what, action, failure -> switch (TransientFailures.classify(failure)) {
            case INFRASTRUCTURE -> true;
            case RACE -> ++races[0] < raceAttempts;
            case PERMANENT -> false;
        });
    }

    /**
     * Runs {@code action} until it succeeds, whatever it fails with: for work that may not be given up (storing a
     * dead letter). A failure that is not transient is logged as an error at every try.
     */
    public void runUntilDone(String what, Runnable action) {
        retry(what, action, failure -> true);
    }

    private void retry(String what, Runnable action, Predicate<RuntimeException> again) {
        long waitingSince = 0;
        int waits = 0;
        for (int attempt = 1;; attempt++) {
            try {
                action.run();
                if (waitingSince != 0) {
                    LOG.infof("%s done after %d tries over %d ms", what, attempt,
                            (System.nanoTime() - waitingSince) / 1_000_000);
                }
                return;
            } catch (Interrupted e) {
                throw e;
            } catch (RuntimeException failure) {
                if (!again.test(failure)) {
                    throw failure;
                }
                Kind kind = TransientFailures.classify(failure);
                count(kind);
                if (kind == Kind.RACE) {
                    LOG.warnf("%s lost a concurrency race (try %d), retrying: %s", what, attempt,
                            failure.getMessage());
                    continue;
                }
                if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                }
                Duration delay = backoff.delay(++waits);
                if (kind == Kind.INFRASTRUCTURE) {
                    LOG.warnf("%s: database unavailable (%s); retry %d in %d ms, nothing settled meanwhile", what,
                            rootMessage(failure), waits, delay.toMillis());
                } else {
                    LOG.errorf(failure, "%s failed; it may not be given up, retry %d in %d ms", what, waits,
                            delay.toMillis());
                }
                sleep(what, delay);
            }
        }
    }

    private void count(Kind kind) {
        Counter.builder("consumer.retries").description("Work tried again after a transient or unexpected failure")
                .tag("cause", kind.name().toLowerCase(Locale.ROOT)).register(meters).increment();
    }

    private void sleep(String what, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(what);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
