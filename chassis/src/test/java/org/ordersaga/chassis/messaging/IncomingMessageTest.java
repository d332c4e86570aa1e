package org.ordersaga.chassis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

class IncomingMessageTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsIdTypeAndKeyFromTheKafkaRecordAndThePayloadAsJson() {
        Message<String> message = kafkaMessage("order-1", "{\"commandId\":\"c-1\",\"orderId\":\"order-1\"}",
                "id", "row-7", "eventType", "ReserveInventory", "traceparent", "00-abc-def-01");

        IncomingMessage incoming = IncomingMessage.from(message, mapper);

        assertThat(incoming.id()).isEqualTo("row-7");
        assertThat(incoming.type()).isEqualTo("ReserveInventory");
        assertThat(incoming.key()).isEqualTo("order-1");
        assertThat(incoming.text("commandId")).isEqualTo("c-1");
        assertThat(incoming.headers()).containsEntry("traceparent", "00-abc-def-01");
    }

    @Test
    void acceptsAPayloadEncodedAsAJsonStringAndQuotedHeaders() {
        Message<String> message = kafkaMessage("\"order-1\"", "\"{\\\"commandId\\\":\\\"c-1\\\"}\"",
                "id", "\"row-7\"", "eventType", "\"ReserveInventory\"");

        IncomingMessage incoming = IncomingMessage.from(message, mapper);

        assertThat(incoming.id()).isEqualTo("row-7");
        assertThat(incoming.type()).isEqualTo("ReserveInventory");
        assertThat(incoming.key()).isEqualTo("order-1");
        assertThat(incoming.text("commandId")).isEqualTo("c-1");
    }

    @Test
    void absentFieldsAreNull() {
        IncomingMessage incoming = IncomingMessage.from(Message.of("{\"orderId\":null}"), mapper);

        assertThat(incoming.id()).isNull();
        assertThat(incoming.key()).isNull();
        assertThat(incoming.text("orderId")).isNull();
        assertThat(incoming.text("sagaId")).isNull();
    }

    private static Message<String> kafkaMessage(String key, String value, String... headerPairs) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<String, String> record = new ConsumerRecord<>("inventory-commands", 0, 42L, 0L,
                TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
        return Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "inventory-commands")));
    }
}
