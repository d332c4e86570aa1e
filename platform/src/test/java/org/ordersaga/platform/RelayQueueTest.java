package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.pipeline.Sizeable;
import io.debezium.util.LoggingContext;

/** The relay's own {@link ChangeEventQueue}, which replaces Debezium's on the relay's class path. */
class RelayQueueTest {

    /** The Debezium release whose queue API and semantics the relay's queue was written against. */
    private static final String DEBEZIUM_VERSION = "3.6.1.Final";

    private record Event(int n) implements Sizeable {
        @Override
        public long objectSize() {
            return 100;
        }
    }

    private static ChangeEventQueue<Event> queue(Duration pollInterval, int maxQueueSize) {
        return new ChangeEventQueue.Builder<Event>()
                .pollInterval(pollInterval)
                .maxBatchSize(2048)
                .maxQueueSize(maxQueueSize)
                .loggingContextSupplier(() -> LoggingContext.forConnector("test", "test", "test"))
                .build();
    }

    @Test
    void theRelaysQueueIsTheOneLoaded() throws IOException {
        String source = ChangeEventQueue.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(source).doesNotContain("debezium");
        Properties debezium = new Properties();
        try (InputStream in = ChangeEventQueue.class.getResourceAsStream(
                "/META-INF/maven/io.debezium/debezium-connector-common/pom.properties")) {
            debezium.load(in);
        }
        assertThat(debezium.getProperty("version"))
                .as("Debezium was upgraded: check the relay's ChangeEventQueue against the new one, then this pin")
                .isEqualTo(DEBEZIUM_VERSION);
    }

    @Test
    void aRecordIsHandedOverAtOnceNotAtTheEndOfThePollInterval() throws Exception {
        ChangeEventQueue<Event> queue = queue(Duration.ofSeconds(30), 100);
        CompletableFuture<List<Event>> poll = CompletableFuture.supplyAsync(() -> pollQuietly(queue));
        Thread.sleep(50);

        queue.enqueue(new Event(1));

        // Debezium's queue holds the record until a full batch or the end of the interval (capped at 5 s).
        assertThat(poll.get(3, TimeUnit.SECONDS)).containsExactly(new Event(1));
    }

    @Test
    void aPollTakesEverythingQueuedUpToTheBatchSize() throws Exception {
        ChangeEventQueue<Event> queue = queue(Duration.ofMillis(10), 100);
        for (int i = 1; i <= 3; i++) {
            queue.enqueue(new Event(i));
        }

        assertThat(queue.poll()).containsExactly(new Event(1), new Event(2), new Event(3));
        assertThat(queue.remainingCapacity()).isEqualTo(100);
    }

    @Test
    void anEmptyPollWaitsASecondWhateverItsIntervalWithoutSpinning() throws InterruptedException {
        ChangeEventQueue<Event> queue = queue(Duration.ofMillis(2), 100);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int polls = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2)) {
            assertThat(queue.poll()).isEmpty();
            polls++;
        }
        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(threads.getCurrentThreadCpuTime() - cpuBefore);

        // Debezium's returns after each 2 ms interval, and spins through half of it (waits under 1 ms are skipped).
        assertThat(polls).as("empty polls in two seconds").isBetween(2, 3);
        assertThat(cpuMillis).as("CPU of two seconds of empty polls").isLessThan(100);
    }

    @Test
    void aFullQueueHoldsTheProducerBackUntilAPollMakesRoom() throws Exception {
        ChangeEventQueue<Event> queue = queue(Duration.ofMillis(10), 2);
        queue.enqueue(new Event(1));
        queue.enqueue(new Event(2));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                queue.enqueue(new Event(3));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(third).isNotDone();

        assertThat(queue.poll()).containsExactly(new Event(1), new Event(2));
        third.get(3, TimeUnit.SECONDS);
        assertThat(queue.poll()).containsExactly(new Event(3));
    }

    @Test
    void aProducerFailureIsRaisedByTheNextPoll() {
        ChangeEventQueue<Event> queue = queue(Duration.ofSeconds(30), 100);
        queue.producerException(new IllegalStateException("replication slot gone"));

        assertThatThrownBy(queue::poll).hasMessage("replication slot gone");
    }

    @Test
    void aProducerFailureIsRaisedEvenWhileRecordsAreQueued() throws InterruptedException {
        ChangeEventQueue<Event> queue = queue(Duration.ofSeconds(30), 100);
        queue.enqueue(new Event(1));
        queue.producerException(new IllegalStateException("offset commit failed"));

        assertThatThrownBy(queue::poll).hasMessage("offset commit failed");
    }

    @Test
    void bufferingHandsOverEachRecordWhenTheNextOneArrives() throws InterruptedException {
        ChangeEventQueue<Event> queue = new ChangeEventQueue.Builder<Event>()
                .pollInterval(Duration.ofMillis(10)).maxBatchSize(10).maxQueueSize(10).buffering()
                .loggingContextSupplier(() -> LoggingContext.forConnector("test", "test", "test"))
                .build();
        queue.enqueue(new Event(1));
        assertThat(queue.poll()).isEmpty();

        queue.enqueue(new Event(2));
        assertThat(queue.poll()).containsExactly(new Event(1));
        queue.flushBuffer(event -> new Event(event.n() * 10));
        assertThat(queue.poll()).containsExactly(new Event(20));
    }

    private static List<Event> pollQuietly(ChangeEventQueue<Event> queue) {
        try {
            return queue.poll();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
