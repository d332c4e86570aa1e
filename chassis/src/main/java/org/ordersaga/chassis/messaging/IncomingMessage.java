package org.ordersaga.chassis.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * A message as the CDC relay delivers it: headers {@code id} (outbox row id) and {@code eventType}, key = order id,
 * value = the JSON payload.
 */
public record IncomingMessage(String id, String type, String key, JsonNode payload, Map<String, String> headers) {

    public static IncomingMessage from(Message<String> message, ObjectMapper mapper) {
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Map<String, String> headers = new LinkedHashMap<>();
        kafka.ifPresent(metadata -> {
            for (Header header : metadata.getHeaders()) {
                if (header.value() != null) {
                    headers.put(header.key(), unquote(new String(header.value(), StandardCharsets.UTF_8)));
                }
            }
        });
        String key = kafka.map(IncomingKafkaRecordMetadata::getKey).map(Object::toString).map(IncomingMessage::unquote)
                .orElse(null);
        return new IncomingMessage(headers.get("id"), headers.get("eventType"), key,
                parse(message.getPayload(), mapper), Map.copyOf(headers));
    }

    /** The payload field as text, or null when absent. */
    public String text(String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String value, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(value == null ? "null" : value);
            // A JSON payload column may arrive encoded as a JSON string, depending on the relay's converter.
            return node.isTextual() ? mapper.readTree(node.asText()) : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message payload is not JSON", e);
        }
    }

    // Header and key values written by a JSON converter arrive as JSON strings ("\"abc\"").
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
