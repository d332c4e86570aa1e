package org.ordersaga.platform;

import io.debezium.engine.DebeziumEngine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service database's Debezium engine, started again with exponential backoff whenever it stops on its own (Kafka
 * refused a batch, the connector gave up): what Kafka Connect's restart of a failed task does in k8s. A restarted
 * engine resumes from its last committed offset. Its state is what the platform's health endpoint reports.
 */
final class CdcEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CdcEngine.class);
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /** Builds one run of the engine, wired to report when its task started and when it ended. */
    interface Factory {
        DebeziumEngine<?> create(DebeziumEngine.ConnectorCallback started, DebeziumEngine.CompletionCallback ended);
    }

    enum State { STARTING, RUNNING, RESTARTING, STOPPED }

    /**
     * @param attempt   failures in a row (the restart under way or due is attempt N); 0 once a run lasted
     *                  {@link #MAX_DELAY}
     * @param restarts  restarts since the platform started
     * @param connected whether the connector's replication connection is up (Debezium reconnects by itself)
     */
    record Status(State state, boolean connected, int attempt, int restarts, String lastError, Instant lastFailureAt) {
        boolean healthy() {
            return state == State.RUNNING && connected;
        }
    }

    private final String database;
    private final Factory factory;
    private final BooleanSupplier connected;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final CountDownLatch firstStart = new CountDownLatch(1);

    // guarded by this
    private Run current;
    private State state = State.STARTING;
    private ScheduledFuture<?> pendingRestart;
    private int attempt;
    private int restarts;
    private String lastError;
    private Instant lastFailureAt;

    /** One run of the engine: callbacks of a run that is no longer the current one are ignored. */
    private final class Run {
        final DebeziumEngine<?> engine;
        final Thread thread;
        volatile Instant startedAt;

        Run() {
            engine = factory.create(new DebeziumEngine.ConnectorCallback() {
                @Override
                public void taskStarted() {
                    started(Run.this);
                }
            }, (success, message, error) -> ended(Run.this, message, error));
            thread = new Thread(engine, "cdc-relay-" + database);
            thread.setDaemon(true);
        }
    }

    CdcEngine(String database, Factory factory, BooleanSupplier connected, ScheduledExecutorService scheduler,
              Clock clock) {
        this.database = database;
        this.factory = factory;
        this.connected = connected;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    String database() {
        return database;
    }

    synchronized void start() {
        current = new Run();
        current.thread.start();
    }

    /** Waits for the first run's task to start (a failed first run is restarted meanwhile). */
    boolean awaitFirstStart(Duration timeout) throws InterruptedException {
        return firstStart.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized Status status() {
        boolean up = state == State.RUNNING && connected.getAsBoolean();
        int inARow = state == State.RUNNING && ranLongEnough(current) ? 0 : attempt;
        return new Status(state, up, inARow, restarts, lastError, lastFailureAt);
    }

    /** The delay before restart attempt {@code attempt}: 1 s, 2 s, 4 s ... up to 30 s. */
    static Duration delayBefore(int attempt) {
        long seconds = FIRST_DELAY.toSeconds() << Math.min(attempt - 1, 30);
        return Duration.ofSeconds(Math.min(seconds, MAX_DELAY.toSeconds()));
    }

    private synchronized void started(Run run) {
        if (run != current || state == State.STOPPED) {
            return;
        }
        run.startedAt = clock.instant();
        state = State.RUNNING;
        if (attempt > 0) {
            LOG.info("CDC engine for {} running again (restart attempt {})", database, attempt);
        }
        firstStart.countDown();
    }

    private synchronized void ended(Run run, String message, Throwable error) {
        if (run != current || state == State.STOPPED) {
            return; // stopped by close(): nothing to restart
        }
        failed(run, message, error);
    }

    /** Records the failure of {@code run} (null: a restart that could not even build its engine) and plans the next. */
    private void failed(Run run, String message, Throwable error) {
        attempt = ranLongEnough(run) ? 1 : attempt + 1;
        lastError = describe(message, error);
        lastFailureAt = clock.instant();
        state = State.RESTARTING;
        Duration delay = delayBefore(attempt);
        if (attempt == 1) {
            LOG.error("CDC engine for {} stopped: {}; restart attempt {} in {} s", database, lastError, attempt,
                    delay.toSeconds(), error);
        } else {
            LOG.error("CDC engine for {} stopped again: {}; restart attempt {} in {} s", database, lastError, attempt,
                    delay.toSeconds());
        }
        pendingRestart = scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (state == State.STOPPED) {
            return;
        }
        restarts++;
        state = State.STARTING;
        LOG.warn("CDC engine for {}: restart attempt {}", database, attempt);
        try {
            start();
        } catch (RuntimeException e) {
            failed(null, null, e);
        }
    }

    /** A run that lasted the longest backoff counts as recovered: its failure starts the backoff afresh. */
    private boolean ranLongEnough(Run run) {
        Instant startedAt = run == null ? null : run.startedAt;
        return startedAt != null && !startedAt.plus(MAX_DELAY).isAfter(clock.instant());
    }

    private static String describe(String message, Throwable error) {
        if (error == null) {
            return message == null ? "stopped without an error" : message;
        }
        StringBuilder text = new StringBuilder(error.toString());
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }

    /** Stops the engine for good: no restart follows, and its run ends within {@code timeout}. */
    void close(Duration timeout) {
        Run run;
        synchronized (this) {
            state = State.STOPPED;
            if (pendingRestart != null) {
                pendingRestart.cancel(false);
            }
            run = current;
        }
        if (run == null) {
            return;
        }
        try {
            run.engine.close();
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the run had already ended with an error; there is nothing left to stop.
            LOG.debug("CDC engine for {} stop: {}", database, e.getMessage());
        }
        try {
            run.thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
