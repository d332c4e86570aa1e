package org.ordersaga.orchestrator.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The orchestrator against real Postgres and Kafka: events and replies are produced to its topics the way the CDC relay
 * delivers them (headers id, eventType, traceparent); the commands it sends are read from its outbox.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class SagaFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    @Test
    void aDeclinedPaymentIsCompensatedAndTheOrderRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736".substring(0, 24) + orderId.substring(0, 8);
        String orderPlacedId = UUID.randomUUID().toString();
        send("order-events", orderId, orderPlacedId, "OrderPlaced", orderPlaced(orderId), traceId);
        send("order-events", orderId, orderPlacedId, "OrderPlaced", orderPlaced(orderId), traceId);

        Command reserve = awaitCommand(orderId, "ReserveInventory");
        JsonPath saga = sagaOf(orderId);
        assertThat(saga.getString("state")).isEqualTo("RUNNING");
        assertThat(saga.getString("traceId")).isEqualTo(traceId);
        assertThat(reserve.traceparent()).startsWith("00-" + traceId + "-");
        assertThat(reserve.payload()).contains("\"sku\": \"SKU-PEN\"");

        reply(orderId, reserve, "InventoryReserved", "\"reservationId\": \"res-1\", \"totalCents\": 300");
        Command authorize = awaitCommand(orderId, "AuthorizePayment");
        assertThat(authorize.payload()).contains("\"amountCents\": 300");

        String declinedId = reply(orderId, authorize, "PaymentDeclined", "\"reason\": \"INSUFFICIENT_CREDIT\"");
        Command release = awaitCommand(orderId, "ReleaseInventory");
        // The same reply delivered twice, and a late reply to an answered command: neither has an effect.
        send("saga-replies", orderId, declinedId, "PaymentDeclined",
                replyPayload(orderId, authorize, "\"reason\": \"INSUFFICIENT_CREDIT\""), traceId);
        reply(orderId, reserve, "InventoryReserved", "\"reservationId\": \"res-1\", \"totalCents\": 300");

        reply(orderId, release, "InventoryReleased", null);
        Command reject = awaitCommand(orderId, "RejectOrder");
        assertThat(reject.payload()).contains("\"reason\": \"INSUFFICIENT_CREDIT\"");
        reply(orderId, reject, "OrderRejected", null);
        Command notify = awaitCommand(orderId, "SendNotification");
        assertThat(notify.payload()).contains("ORDER_REJECTED");
        reply(orderId, notify, "NotificationSent", null);

        await().atMost(PATIENCE).until(() -> "REJECTED".equals(sagaOf(orderId).getString("state")));
        JsonPath rejected = sagaOf(orderId);
        assertThat(rejected.getList("steps.step")).containsExactly("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT",
                "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(rejected.getList("steps.status")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED",
                "SUCCEEDED", "SUCCEEDED");
        assertThat(rejected.getList("timeline.kind")).containsOnlyOnce("REPLY_IGNORED");
        // A slow test round trip may let a deadline pass: a re-send keeps its command id, so count distinct ids.
        assertThat(commands(orderId).stream().map(command -> command.type() + " " + command.commandId()).distinct())
                .extracting(typeAndId -> typeAndId.split(" ")[0])
                .containsExactly("ReserveInventory", "AuthorizePayment", "ReleaseInventory", "RejectOrder",
                        "SendNotification");
        assertThat(count("select count(*) from saga where order_id = ?", orderId)).isEqualTo(1);

        given().get("/sagas/" + rejected.getString("id")).then().statusCode(200);
    }

    @Test
    void aParticipantThatNeverAnswersGetsTheSameCommandAgainThenTheSagaCompensates() throws Exception {
        String orderId = UUID.randomUUID().toString();
        send("order-events", orderId, UUID.randomUUID().toString(), "OrderPlaced", orderPlaced(orderId), null);

        // %test: 3 sends 1 s apart (x1.5), then RESERVE_INVENTORY counts as failed; nobody answers the
        // compensation either, so the saga ends COMPENSATION_FAILED.
        await().atMost(PATIENCE).until(() -> "COMPENSATION_FAILED".equals(stateOf(orderId)));
        List<Command> commands = commands(orderId);
        assertThat(commands).extracting(Command::type).containsExactly("ReserveInventory", "ReserveInventory",
                "ReserveInventory", "ReleaseInventory", "ReleaseInventory", "ReleaseInventory");
        assertThat(commands.subList(0, 3)).extracting(Command::commandId).containsOnly(commands.get(0).commandId());
        JsonPath saga = sagaOf(orderId);
        assertThat(saga.getList("timeline.kind")).contains("DEADLINE_EXPIRED", "COMMAND_RESENT", "STEP_FAILED");
        assertThat(saga.getString("data.rejectionReason")).isEqualTo("RESERVE_INVENTORY_TIMED_OUT");
    }

    @Test
    void unknownSagasAreProblems() {
        given().get("/sagas/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().get("/sagas").then().statusCode(400).contentType("application/problem+json");
        given().get("/sagas?orderId=nope").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
    }

    record Command(String commandId, String type, String payload, String traceparent) {
    }

    private String reply(String orderId, Command command, String type, String extraFields) {
        String id = UUID.randomUUID().toString();
        send("saga-replies", orderId, id, type, replyPayload(orderId, command, extraFields), null);
        return id;
    }

    private String replyPayload(String orderId, Command command, String extraFields) {
        String sagaId = sagaOf(orderId).getString("id");
        return "{\"commandId\": \"" + command.commandId() + "\", \"sagaId\": \"" + sagaId + "\", \"orderId\": \""
                + orderId + "\"" + (extraFields == null ? "" : ", " + extraFields) + "}";
    }

    private void send(String topic, String key, String id, String type, String payload, String traceId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
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

    private static String orderPlaced(String orderId) {
        return "{\"orderId\": \"" + orderId + "\", \"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\","
                + " \"quantity\": 2}], \"shippingAddress\": {\"name\": \"Alice\", \"street\": \"1 Main St\","
                + " \"city\": \"Springfield\", \"postalCode\": \"12345\", \"country\": \"DE\"},"
                + " \"placedAt\": \"2030-01-01T10:00:00Z\", \"someFutureField\": true}";
    }

    private Command awaitCommand(String orderId, String type) {
        return await().atMost(PATIENCE).until(
                () -> commands(orderId).stream().filter(command -> command.type().equals(type)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private String stateOf(String orderId) {
        List<Map<String, Object>> found = given().get("/sagas?orderId=" + orderId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return found.isEmpty() ? null : (String) found.get(0).get("state");
    }

    private JsonPath sagaOf(String orderId) {
        return await().atMost(PATIENCE).until(
                () -> given().get("/sagas?orderId=" + orderId).then().statusCode(200).extract().jsonPath(),
                json -> json.getList("$").size() == 1).setRootPath("[0]");
    }

    private List<Command> commands(String orderId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select payload->>'commandId', type, payload::text, traceparent from outbox.outbox_event
                     where aggregateid = ? order by created_at, type""")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                List<Command> commands = new ArrayList<>();
                while (rows.next()) {
                    commands.add(new Command(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4)));
                }
                return commands;
            }
        }
    }

    private long count(String sql, String parameter) throws SQLException {
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
