package org.ordersaga.chassis.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Writes messages to {@code outbox.outbox_event} inside the caller's transaction; the CDC relay turns each row into a
 * Kafka record on topic {@code aggregatetype} with key {@code aggregateid}. The current trace context is stored with
 * the row so that the consumer's span continues the producer's trace.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            insert into outbox.outbox_event (id, aggregatetype, aggregateid, type, payload, traceparent, tracestate)
            values (?, ?, ?, ?, cast(? as jsonb), ?, ?)""";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OpenTelemetry openTelemetry;

    public Outbox(DataSource dataSource, ObjectMapper mapper, OpenTelemetry openTelemetry) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.openTelemetry = openTelemetry;
    }

    /** Returns the outbox row id, which travels as the Kafka header {@code id}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String key, String type, Object payload) {
        UUID id = UUID.randomUUID();
        Map<String, String> trace = currentTraceContext();
        // The connection is enlisted in the caller's JTA transaction, the same one the entity changes use.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, id);
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, type);
            insert.setString(5, mapper.writeValueAsString(payload));
            insert.setString(6, trace.get("traceparent"));
            insert.setString(7, blankToNull(trace.get("tracestate")));
            insert.executeUpdate();
            return id;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + type + " payload", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write " + type + " to the outbox", e);
        }
    }

    private Map<String, String> currentTraceContext() {
        Map<String, String> carrier = new HashMap<>();
        // The W3C propagator writes nothing when there is no valid span, leaving both columns null.
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), carrier, Map::put);
        return carrier;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
