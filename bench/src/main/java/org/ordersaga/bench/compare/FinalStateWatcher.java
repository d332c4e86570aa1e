package org.ordersaga.bench.compare;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.ordersaga.contracts.Topics;

/**
 * When async orders become final: order-service's {@code OrderApproved}/{@code OrderRejected} reply on
 * {@code saga-replies} (this process's monotonic clock on arrival), and when their saga is done (its last step's
 * {@code NotificationSent}). Also counts the records on
 * {@code payment-commands}: every one is delivered to payment, so their number is the async mode's calls to payment.
 */
public final class FinalStateWatcher implements AutoCloseable {
    private final Map<String, Long> finalAt = new ConcurrentHashMap<>();
    private final Map<String, Long> doneAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<String, String> offsets;
    private final Thread thread;

    public FinalStateWatcher(String kafka) throws InterruptedException {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-compare-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new StringDeserializer(), new StringDeserializer());
        offsets = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringDeserializer(), new StringDeserializer());
        AtomicBoolean assigned = new AtomicBoolean();
        thread = new Thread(() -> {
            try (consumer) {
                consumer.subscribe(List.of(Topics.SAGA_REPLIES));
                while (running.get()) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    records.forEach(r -> {
                        Header type = r.headers().lastHeader("eventType");
                        String eventType = type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
                        switch (eventType) {
                            case "OrderApproved", "OrderRejected" -> finalAt.putIfAbsent(r.key(), now);
                            case "NotificationSent" -> doneAt.putIfAbsent(r.key(), now);
                            default -> { }
                        }
                    });
                    if (!consumer.assignment().isEmpty()) {
                        assigned.set(true);
                    }
                }
            }
        }, "bench-final-states");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!assigned.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Monotonic time the order's decision reached Kafka, or null. */
    Long finalAt(String orderId) {
        return finalAt.get(orderId);
    }

    /** Monotonic arrival times of the orders' decisions, by order ID (a live view). */
    public Map<String, Long> finalTimes() {
        return java.util.Collections.unmodifiableMap(finalAt);
    }

    /** Monotonic arrival times of the sagas' last step ({@code NotificationSent}), by order ID (a live view). */
    public Map<String, Long> doneTimes() {
        return java.util.Collections.unmodifiableMap(doneAt);
    }

    /** Records ever written to payment-commands (sum of the partitions' end offsets). */
    long paymentCommands() {
        List<TopicPartition> partitions = offsets.partitionsFor(Topics.PAYMENT_COMMANDS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        return offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records ever written to each dead-letter topic (named {@code <topic>.dead-letter}), by topic. */
    Map<String, Long> deadLetters() {
        Map<String, Long> byTopic = new TreeMap<>();
        offsets.listTopics().forEach((topic, partitions) -> {
            if (topic.endsWith(".dead-letter")) {
                byTopic.put(topic, offsets.endOffsets(partitions.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList())
                        .values().stream().mapToLong(Long::longValue).sum());
            }
        });
        return byTopic;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        offsets.close();
    }
}
