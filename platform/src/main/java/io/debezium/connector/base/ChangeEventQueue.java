package io.debezium.connector.base;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.ConfigurationDefaults;
import io.debezium.pipeline.Sizeable;
import io.debezium.util.LoggingContext;

/**
 * The CDC relay's replacement for Debezium 3.6.1's queue between a connector's streaming thread and the engine's
 * poll loop; it takes precedence because the platform jar comes first on the relay's class path. Same API and
 * back-pressure, three differences in {@link #poll()}:
 * <ul>
 * <li>it returns as soon as it holds records instead of waiting for a full batch or the end of the poll interval, so a
 * record is not held back by up to {@code poll.interval.ms}; under load the records that arrive while the relay waits
 * for Kafka's acknowledgement make the next batch;</li>
 * <li>an empty wait is timed in nanoseconds: Debezium's rounds the remaining time down to whole milliseconds and skips
 * the wait below one, so each engine spun through the last millisecond of every interval (six engines at 10 ms: about
 * half a core while idle);</li>
 * <li>an empty poll waits a second, not {@code poll.interval.ms}: a record wakes it at once, so the engine's loop
 * needs no short interval to stay prompt, and an idle one comes round once a second instead of a hundred times.</li>
 * </ul>
 * It leaves out the original's trace logging of each record and its assertions on buffering misuse. In Kubernetes, Kafka
 * Connect runs Debezium's own queue with the same settings, spin and held-back records included.
 * {@code RelayQueueTest} pins the Debezium version this was written against; re-check it on every upgrade.
 */
public class ChangeEventQueue<T extends Sizeable> implements ChangeEventQueueMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventQueue.class);
    /** An idle engine's poll returns empty once a second: it also stops within a second when told to. */
    static final Duration EMPTY_POLL_WAIT = Duration.ofSeconds(1);

    private final Duration pollInterval;
    private final int maxBatchSize;
    private final int maxQueueSize;
    private final long maxQueueSizeInBytes;
    private final QueueProvider<T> queue;
    private final Supplier<LoggingContext.PreviousContext> loggingContextSupplier;
    private final Queue<Long> sizesInBytes = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicReference<T> bufferedEvent = new AtomicReference<>();
    private volatile long currentQueueSizeInBytes; // written under the lock, read by the metrics
    private volatile boolean buffering;
    private volatile RuntimeException producerException;

    private ChangeEventQueue(Builder<T> builder, QueueProvider<T> queue) {
        this.pollInterval = builder.pollInterval;
        this.maxBatchSize = builder.maxBatchSize;
        this.maxQueueSize = builder.maxQueueSize;
        this.maxQueueSizeInBytes = builder.maxQueueSizeInBytes;
        this.loggingContextSupplier = builder.loggingContextSupplier;
        this.buffering = builder.buffering;
        this.queue = queue;
    }

    public static class Builder<T extends Sizeable> {
        private Duration pollInterval;
        private int maxQueueSize;
        private int maxBatchSize;
        private Supplier<LoggingContext.PreviousContext> loggingContextSupplier;
        private long maxQueueSizeInBytes;
        private boolean buffering;
        private QueueProvider<T> queueProvider;

        public Builder<T> pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder<T> maxQueueSize(int maxQueueSize) {
            this.maxQueueSize = maxQueueSize;
            return this;
        }

        public Builder<T> maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder<T> loggingContextSupplier(Supplier<LoggingContext.PreviousContext> loggingContextSupplier) {
            this.loggingContextSupplier = loggingContextSupplier;
            return this;
        }

        public Builder<T> maxQueueSizeInBytes(long maxQueueSizeInBytes) {
            this.maxQueueSizeInBytes = maxQueueSizeInBytes;
            return this;
        }

        public Builder<T> queueProvider(QueueProvider<T> queueProvider) {
            this.queueProvider = queueProvider;
            return this;
        }

        public Builder<T> buffering() {
            this.buffering = true;
            return this;
        }

        public ChangeEventQueue<T> build() {
            QueueProvider<T> provider = queueProvider;
            if (provider == null) {
                DefaultQueueProvider<T> fallback = new DefaultQueueProvider<>();
                fallback.configure(Map.of(CommonConnectorConfig.MAX_QUEUE_SIZE.name(), String.valueOf(maxQueueSize)));
                provider = fallback;
            }
            return new ChangeEventQueue<>(this, provider);
        }
    }

    /** Adds a record, blocking while the queue is full. With buffering on, the previous record is the one added. */
    public void enqueue(T record) throws InterruptedException {
        if (record == null) {
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (buffering) {
            record = bufferedEvent.getAndSet(record);
            if (record == null) {
                return;
            }
        }
        doEnqueue(record);
    }

    /** Adds the buffered record, changed by {@code recordModifier}, and empties the buffer. */
    public void flushBuffer(Function<T, T> recordModifier) throws InterruptedException {
        T record = bufferedEvent.getAndSet(null);
        if (record != null) {
            doEnqueue(recordModifier.apply(record));
        }
    }

    public void disableBuffering() {
        buffering = false;
    }

    public void enableBuffering() {
        buffering = true;
    }

    public boolean isBuffered() {
        return buffering;
    }

    protected void doEnqueue(T record) throws InterruptedException {
        lock.lock(); // not interruptibly: flushBuffer has already taken the record out of the buffer
        try {
            while (isFull()) {
                notFull.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            }
            queue.enqueue(record);
            if (maxQueueSizeInBytes > 0) {
                long size = record.objectSize();
                sizesInBytes.add(size);
                currentQueueSizeInBytes += size;
            }
            notEmpty.signal();
        }
        finally {
            lock.unlock();
        }
    }

    private boolean isFull() {
        return queue.size() >= maxQueueSize
                || (maxQueueSizeInBytes > 0 && currentQueueSizeInBytes >= maxQueueSizeInBytes);
    }

    /**
     * Up to {@code max.batch.size} records, as soon as there is one; an empty list once {@link #EMPTY_POLL_WAIT} (at
     * least the poll interval, at most Debezium's return-control interval) passed without any. An enqueued record
     * wakes the wait, so its length costs no latency, only how often an idle engine's loop comes round.
     */
    public List<T> poll() throws InterruptedException {
        LoggingContext.PreviousContext previousContext = loggingContextSupplier.get();
        try {
            long waitNanos = min(max(pollInterval, EMPTY_POLL_WAIT), ConfigurationDefaults.RETURN_CONTROL_INTERVAL)
                    .toNanos();
            lock.lockInterruptibly();
            try {
                // First, even with records queued: an offset commit that failed on this thread reports here, and
                // under steady traffic the queue is never empty.
                throwProducerExceptionIfPresent();
                while (queue.size() == 0) {
                    if (waitNanos <= 0) {
                        return List.of();
                    }
                    waitNanos = notEmpty.awaitNanos(waitNanos);
                    throwProducerExceptionIfPresent();
                }
                List<T> records = drain(Math.min(maxBatchSize, queue.size()));
                notFull.signalAll();
                return records;
            }
            finally {
                lock.unlock();
            }
        }
        finally {
            previousContext.restore();
        }
    }

    private List<T> drain(int count) throws InterruptedException {
        List<T> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(queue.poll());
            if (maxQueueSizeInBytes > 0) {
                Long size = sizesInBytes.poll();
                currentQueueSizeInBytes -= size == null ? 0 : size;
            }
        }
        return records;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public void producerException(RuntimeException producerException) {
        this.producerException = producerException;
        lock.lock();
        try {
            notEmpty.signalAll(); // a waiting poll raises it now instead of at the end of its interval
        }
        finally {
            lock.unlock();
        }
    }

    private void throwProducerExceptionIfPresent() {
        if (producerException != null) {
            throw producerException;
        }
    }

    @Override
    public int totalCapacity() {
        return maxQueueSize;
    }

    @Override
    public int remainingCapacity() {
        return maxQueueSize - queue.size();
    }

    @Override
    public long maxQueueSizeInBytes() {
        return maxQueueSizeInBytes;
    }

    @Override
    public long currentQueueSizeInBytes() {
        return currentQueueSizeInBytes;
    }

    public void close() {
        try {
            queue.close();
        }
        catch (Exception e) {
            LOG.warn("Closing the change event queue failed", e);
        }
    }
}
