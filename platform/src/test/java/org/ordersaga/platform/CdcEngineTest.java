package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.engine.DebeziumEngine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay's supervision of one engine, against scripted engines and a scheduler that records each delay. */
class CdcEngineTest {
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void the_backoff_doubles_from_one_second_up_to_thirty() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 40)).extracting(CdcEngine::delayBefore).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void an_engine_that_keeps_failing_is_restarted_with_growing_delays_until_it_runs() throws Exception {
        ScriptedEngines engines = new ScriptedEngines(6);
        CdcEngine engine = new CdcEngine("order_db", engines, () -> true, scheduler, clock);

        engine.start();

        assertThat(engine.awaitFirstStart(Duration.ofSeconds(10))).isTrue();
        awaitRestarts(engine, 6);
        awaitRunning(engine);
        assertThat(scheduler.delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L);
        CdcEngine.Status status = engine.status();
        assertThat(status.state()).isEqualTo(CdcEngine.State.RUNNING);
        assertThat(status.restarts()).isEqualTo(6);
        assertThat(status.lastError()).contains("Kafka refused run 6").contains("caused by");
        assertThat(status.healthy()).isTrue();
        engine.close(Duration.ofSeconds(5));
    }

    @Test
    void while_a_restart_is_due_the_engine_reports_the_attempt_and_the_error_and_is_not_healthy() throws Exception {
        scheduler.hold = true;
        CdcEngine engine = new CdcEngine("payment_db", new ScriptedEngines(1), () -> true, scheduler, clock);

        engine.start();

        CdcEngine.Status status = awaitState(engine, CdcEngine.State.RESTARTING);
        assertThat(status.attempt()).isEqualTo(1);
        assertThat(status.restarts()).isZero();
        assertThat(status.lastError()).contains("Kafka refused run 1");
        assertThat(status.lastFailureAt()).isEqualTo(clock.instant());
        assertThat(status.healthy()).isFalse();
        engine.close(Duration.ofSeconds(5));
        assertThat(engine.status().state()).isEqualTo(CdcEngine.State.STOPPED);
        assertThat(scheduler.held).allMatch(ScheduledFuture::isCancelled);
    }

    @Test
    void a_run_that_lasted_the_longest_delay_starts_the_backoff_afresh() throws Exception {
        ScriptedEngines engines = new ScriptedEngines(0);
        CdcEngine engine = new CdcEngine("order_db", engines, () -> true, scheduler, clock);
        engine.start();
        awaitRunning(engine);
        engines.failCurrent();
        awaitRestarts(engine, 1);
        awaitRunning(engine);
        engines.failCurrent();
        awaitRestarts(engine, 2);
        awaitRunning(engine);
        assertThat(engine.status().attempt()).as("failures in a row while it has not run 30 s yet").isEqualTo(2);

        clock.advance(CdcEngine.MAX_DELAY);
        assertThat(engine.status().attempt()).isZero();
        engines.failCurrent();
        awaitRestarts(engine, 3);

        assertThat(scheduler.delays).containsExactly(1L, 2L, 1L);
        engine.close(Duration.ofSeconds(5));
    }

    @Test
    void an_engine_whose_replication_connection_is_down_is_not_healthy() throws Exception {
        boolean[] connected = {false};
        BooleanSupplier streaming = () -> connected[0];
        CdcEngine engine = new CdcEngine("order_db", new ScriptedEngines(0), streaming, scheduler, clock);
        engine.start();
        awaitRunning(engine);

        assertThat(engine.status().healthy()).isFalse();
        connected[0] = true;
        assertThat(engine.status().healthy()).isTrue();
        engine.close(Duration.ofSeconds(5));
        assertThat(engine.status().healthy()).as("a stopped engine").isFalse();
    }

    private static void awaitRunning(CdcEngine engine) throws InterruptedException {
        awaitState(engine, CdcEngine.State.RUNNING);
    }

    private static CdcEngine.Status awaitState(CdcEngine engine, CdcEngine.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.status().state()).isEqualTo(state);
        return engine.status();
    }

    private static void awaitRestarts(CdcEngine engine, int restarts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.status().restarts() < restarts && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.status().restarts()).isEqualTo(restarts);
    }

    /** Engines whose first {@code failures} runs fail right after their task started; later runs run until closed. */
    private static final class ScriptedEngines implements CdcEngine.Factory {
        private final int failures;
        private final List<FakeEngine> created = new CopyOnWriteArrayList<>();

        ScriptedEngines(int failures) {
            this.failures = failures;
        }

        @Override
        public DebeziumEngine<?> create(DebeziumEngine.ConnectorCallback started, DebeziumEngine.CompletionCallback ended) {
            FakeEngine engine = new FakeEngine(created.size() + 1, created.size() < failures, started, ended);
            created.add(engine);
            return engine;
        }

        void failCurrent() {
            created.get(created.size() - 1).fail();
        }
    }

    private static final class FakeEngine implements DebeziumEngine<Object> {
        private final int run;
        private final boolean failsAtOnce;
        private final DebeziumEngine.ConnectorCallback started;
        private final DebeziumEngine.CompletionCallback ended;
        private final CountDownLatch stop = new CountDownLatch(1);
        private volatile boolean failed;

        FakeEngine(int run, boolean failsAtOnce, ConnectorCallback started, CompletionCallback ended) {
            this.run = run;
            this.failsAtOnce = failsAtOnce;
            this.started = started;
            this.ended = ended;
        }

        @Override
        public void run() {
            started.taskStarted();
            if (!failsAtOnce) {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failsAtOnce || failed) {
                ended.handle(false, "failed", new IllegalStateException("Kafka refused run " + run,
                        new IllegalArgumentException("RecordTooLargeException")));
            } else {
                ended.handle(true, "stopped", null);
            }
        }

        void fail() {
            failed = true;
            stop.countDown();
        }

        @Override
        public void close() {
            if (failsAtOnce || failed) {
                throw new IllegalStateException("Engine has been already shut down.");
            }
            stop.countDown();
        }
    }

    /** Records each restart delay in seconds and runs the restart at once (or holds it, to look at the wait). */
    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final Queue<Long> delays = new ConcurrentLinkedQueue<>();
        final List<ScheduledFuture<?>> held = new ArrayList<>();
        volatile boolean hold;

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toSeconds(delay));
            if (hold) {
                ScheduledFuture<?> future = super.schedule(command, 1, TimeUnit.HOURS);
                held.add(future);
                return future;
            }
            return super.schedule(command, 0, TimeUnit.MILLISECONDS);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
