package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.OutboxWriter;
import org.ordersaga.systemtests.support.TopicReader;
import org.ordersaga.testsupport.LocalPorts;
import org.ordersaga.testsupport.PlatformProcess;

/** Stops and restarts the whole stack (graceful stop, same data) between writes, then counts what Kafka holds. */
class RestartIT {
    static final int ROWS_PER_ROUND = 150;
    static final int ROUNDS = 3;

    @Test
    void no_outbox_event_is_lost_or_published_twice_across_restarts() throws Exception {
        Path dataDir = Path.of("target/it-restart").toAbsolutePath();
        String pgPort = Integer.toString(LocalPorts.free());
        String kafkaPort = Integer.toString(LocalPorts.freePair());
        List<String> written = new ArrayList<>();
        String bootstrap = null;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> options = new ArrayList<>(List.of("infra", "--pg-port", pgPort, "--kafka-port", kafkaPort));
            if (round == 0) {
                options.add("--clean");
            }
            try (PlatformProcess platform = PlatformProcess.start(dataDir, options);
                 OutboxWriter orderDb = new OutboxWriter(platform, "order_db", "order_service").withSchema()) {
                bootstrap = platform.kafkaBootstrap();
                for (int i = 0; i < ROWS_PER_ROUND; i++) {
                    String orderId = UUID.randomUUID().toString();
                    written.add(orderDb.write("order-events", orderId, "OrderPlaced",
                            "{\"round\": " + round + ", \"i\": " + i + "}", null, true).toString());
                }
            }
        }

        try (PlatformProcess platform = PlatformProcess.start(dataDir,
                List.of("infra", "--pg-port", pgPort, "--kafka-port", kafkaPort));
             TopicReader reader = new TopicReader(platform.kafkaBootstrap(), "order-events")) {
            assertThat(platform.kafkaBootstrap()).isEqualTo(bootstrap);
            List<ConsumerRecord<String, String>> read = reader.readUntilQuiet(Duration.ofSeconds(5), Duration.ofSeconds(90));
            List<String> ids = read.stream().map(r -> TopicReader.header(r, "id")).toList();
            Set<String> distinct = new HashSet<>(ids);
            assertThat(distinct).as("every written event published").containsAll(written);
            List<String> duplicates = read.stream()
                    .filter(r -> ids.indexOf(TopicReader.header(r, "id")) != ids.lastIndexOf(TopicReader.header(r, "id")))
                    .map(r -> r.partition() + "@" + r.offset() + " " + r.value()).toList();
            assertThat(duplicates).as("events published twice").isEmpty();
            assertThat(ids).hasSize(ROWS_PER_ROUND * ROUNDS);
        }
    }
}
