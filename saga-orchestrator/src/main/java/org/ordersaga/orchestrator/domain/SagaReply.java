package org.ordersaga.orchestrator.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/** A participant's answer to a command, as read from {@code saga-replies}. */
public record SagaReply(UUID commandId, String type, JsonNode payload) {

    public String text(String field) {
        JsonNode value = payload == null ? null : payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public Long cents(String field) {
        JsonNode value = payload == null ? null : payload.get(field);
        return value == null || !value.canConvertToLong() ? null : value.asLong();
    }
}
