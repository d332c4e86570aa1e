package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.OutboxWriter;
import org.ordersaga.systemtests.support.TopicReader;
import org.ordersaga.testsupport.PlatformProcess;

/** Outbox row → Debezium relay (EventRouter) → Kafka, against the real platform. */
class OutboxRelayIT {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static PlatformProcess platform;
    static OutboxWriter orderDb;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = PlatformProcess.start(Path.of("target/it-outbox").toAbsolutePath(),
                List.of("infra", "--clean", "--pg-port", "0", "--kafka-port", "0"));
        orderDb = new OutboxWriter(platform, "order_db", "order_service").withSchema();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        orderDb.close();
        platform.close();
    }

    @Test
    void a_committed_outbox_row_reaches_its_topic_with_key_and_headers() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String payload = "{\"orderId\": \"" + orderId + "\", \"customerId\": \"cust-alice\"}";
        UUID id = orderDb.write("order-events", orderId, "OrderPlaced", payload, TRACEPARENT, true);

        try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), "order-events")) {
            List<ConsumerRecord<String, String>> read = reader.readUntil(
                    records -> records.stream().anyMatch(r -> id.toString().equals(TopicReader.header(r, "id"))),
                    Duration.ofSeconds(30));
            ConsumerRecord<String, String> record = read.stream()
                    .filter(r -> id.toString().equals(TopicReader.header(r, "id"))).findFirst().orElseThrow();
            assertThat(record.topic()).isEqualTo("order-events");
            assertThat(record.key()).isEqualTo(orderId);
            assertThat(TopicReader.header(record, "eventType")).isEqualTo("OrderPlaced");
            assertThat(TopicReader.header(record, "traceparent")).isEqualTo(TRACEPARENT);
            assertThat(record.value()).contains("\"customerId\": \"cust-alice\"").contains(orderId);
        }
    }

    @Test
    void a_rolled_back_transaction_publishes_nothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        UUID rolledBack = orderDb.write("order-events", orderId, "OrderPlaced", "{\"n\": 1}", null, false);
        UUID committedAfter = orderDb.write("order-events", orderId, "OrderPlaced", "{\"n\": 2}", null, true);

        try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), "order-events")) {
            List<ConsumerRecord<String, String>> read = reader.readUntil(
                    records -> records.stream().anyMatch(r -> committedAfter.toString().equals(TopicReader.header(r, "id"))),
                    Duration.ofSeconds(30));
            assertThat(read).extracting(r -> TopicReader.header(r, "id"))
                    .contains(committedAfter.toString())
                    .doesNotContain(rolledBack.toString());
        }
    }

    @Test
    void rows_of_each_service_database_are_captured() throws Exception {
        try (OutboxWriter paymentDb = new OutboxWriter(platform, "payment_db", "payment_service").withSchema()) {
            String orderId = UUID.randomUUID().toString();
            UUID id = paymentDb.write("saga-replies", orderId, "PaymentAuthorized", "{\"amountCents\": 150}", null, true);
            try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), "saga-replies")) {
                List<ConsumerRecord<String, String>> read = reader.readUntil(
                        records -> records.stream().anyMatch(r -> id.toString().equals(TopicReader.header(r, "id"))),
                        Duration.ofSeconds(30));
                assertThat(read).extracting(ConsumerRecord::key).contains(orderId);
            }
        }
    }
}
