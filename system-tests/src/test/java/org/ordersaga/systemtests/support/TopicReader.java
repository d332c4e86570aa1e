package org.ordersaga.systemtests.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a consumer group of its own. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;

    public TopicReader(String bootstrap, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Polls until {@code done} holds for everything read so far, or the timeout passes; returns all records read. */
    public List<ConsumerRecord<String, String>> readUntil(Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !done.test(read)) {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        return read;
    }

    /**
     * Keeps reading until nothing new arrives for {@code quiet} once the group has its partitions; for counting that no
     * extra record shows up. A join slower than {@code quiet} would end the read with nothing: PlaceOrderSagaIT once
     * read no record at all under CI load.
     */
    public List<ConsumerRecord<String, String>> readUntilQuiet(Duration quiet, Duration timeout) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastNew = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lastNew < quiet.toNanos()) {
            var batch = consumer.poll(Duration.ofMillis(200));
            if (consumer.assignment().isEmpty()) {
                lastNew = System.nanoTime();
            } else if (!batch.isEmpty()) {
                batch.forEach(read::add);
                lastNew = System.nanoTime();
            }
        }
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
