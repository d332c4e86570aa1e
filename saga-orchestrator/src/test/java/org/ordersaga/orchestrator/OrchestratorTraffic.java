package org.ordersaga.orchestrator;

import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;

/**
 * Plays the rest of the system for an orchestrator under test: produces events and replies to its topics the way the
 * CDC relay delivers them (headers id, eventType, traceparent), reads the commands it sends from its outbox, and its
 * sagas through its read API.
 */
public final class OrchestratorTraffic implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** {@code createdAt}: when the orchestrator wrote it, the instant its deadline counts from. */
    public record Command(String commandId, String type, String payload, String traceparent, Instant createdAt) {
    }

    private final KafkaProducer<String, String> producer;
    private final DataSource dataSource;

    public OrchestratorTraffic(String bootstrapServers, DataSource dataSource) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer());
        this.dataSource = dataSource;
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Publishes an {@code OrderPlaced} for a new order and returns the order's ID. */
    public String placeOrder() {
        return placeOrder(UUID.randomUUID().toString());
    }

    public String placeOrder(String orderId) {
        send("order-events", orderId, UUID.randomUUID().toString(), "OrderPlaced", orderPlaced(orderId), null);
        return orderId;
    }

    /** Answers {@code command} with a reply of {@code type}; returns the reply's message id. */
    public String reply(String orderId, Command command, String type, String extraFields) {
        String id = UUID.randomUUID().toString();
        send("saga-replies", orderId, id, type, replyPayload(orderId, command, extraFields), null);
        return id;
    }

    public String replyPayload(String orderId, Command command, String extraFields) {
        String sagaId = sagaOf(orderId).getString("id");
        return "{\"commandId\": \"" + command.commandId() + "\", \"sagaId\": \"" + sagaId + "\", \"orderId\": \""
                + orderId + "\"" + (extraFields == null ? "" : ", " + extraFields) + "}";
    }

    public void send(String topic, String key, String id, String type, String payload, String traceId) {
        send(topic, key, id, type, payload, traceId, null);
    }

    /** As {@link #send}, the record stamped {@code publishedAt} (null: by the producer's clock, as the relay does). */
    public void send(String topic, String key, String id, String type, String payload, String traceId,
                     Instant publishedAt) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, null,
                publishedAt == null ? null : publishedAt.toEpochMilli(), key, payload);
        record.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", type.getBytes(StandardCharsets.UTF_8));
        if (traceId != null) {
            record.headers().add("traceparent",
                    ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String orderPlaced(String orderId) {
        return "{\"orderId\": \"" + orderId + "\", \"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\","
                + " \"quantity\": 2}], \"shippingAddress\": {\"name\": \"Alice\", \"street\": \"1 Main St\","
                + " \"city\": \"Springfield\", \"postalCode\": \"12345\", \"country\": \"DE\"},"
                + " \"placedAt\": \"2030-01-01T10:00:00Z\", \"someFutureField\": true}";
    }

    public Command awaitCommand(String orderId, String type) {
        return await().atMost(PATIENCE).until(
                () -> commands(orderId).stream().filter(command -> command.type().equals(type)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    public String stateOf(String orderId) {
        List<Map<String, Object>> found = asViewer().get("/sagas?orderId=" + orderId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return found.isEmpty() ? null : (String) found.get(0).get("state");
    }

    public JsonPath sagaOf(String orderId) {
        return await().atMost(PATIENCE).until(
                () -> asViewer().get("/sagas?orderId=" + orderId).then().statusCode(200).extract().jsonPath(),
                json -> json.getList("$").size() == 1).setRootPath("[0]");
    }

    public List<Command> commands(String orderId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select payload->>'commandId', type, payload::text, traceparent, created_at from outbox.outbox_event
                     where aggregateid = ? order by created_at, type""")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                List<Command> commands = new ArrayList<>();
                while (rows.next()) {
                    commands.add(new Command(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getTimestamp(5).toInstant()));
                }
                return commands;
            }
        }
    }

    public long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
