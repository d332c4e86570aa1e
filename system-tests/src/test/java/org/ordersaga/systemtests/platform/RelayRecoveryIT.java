package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.OutboxWriter;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.TopicReader;
import org.ordersaga.testsupport.LocalPorts;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * A stalled relay must not fill the disk, and a failed one must not stay dead: PostgreSQL bounds the WAL a slot keeps,
 * every slot confirms its position while only another database is written, and an engine that stopped with an error
 * is restarted, publishes what was written meanwhile and says so on the platform's health endpoint.
 */
class RelayRecoveryIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
    static PlatformProcess platform;
    static String healthUrl;
    static OutboxWriter orderDb;
    static OutboxWriter paymentDb;

    @BeforeAll
    static void startPlatform() throws Exception {
        int kafkaPort = LocalPorts.freePair();
        platform = PlatformProcess.start(Path.of("target/it-relay-recovery").toAbsolutePath(),
                List.of("infra", "--clean", "--pg-port", "0", "--kafka-port", Integer.toString(kafkaPort)));
        // The relay's health endpoint takes the port after Kafka's controller (PlatformSettings).
        healthUrl = "http://localhost:" + (kafkaPort + 2) + "/health";
        orderDb = new OutboxWriter(platform, "order_db", "order_service").withSchema();
        paymentDb = new OutboxWriter(platform, "payment_db", "payment_service").withSchema();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        orderDb.close();
        paymentDb.close();
        platform.close();
    }

    @Test
    void the_server_bounds_the_wal_a_replication_slot_may_keep() throws Exception {
        try (Connection db = connect("order_db", "order_service"); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("show max_slot_wal_keep_size")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("1GB");
        }
    }

    @Test
    void every_slot_confirms_its_position_while_only_one_database_is_written() throws Exception {
        for (int i = 0; i < 5; i++) {
            orderDb.write("order-events", UUID.randomUUID().toString(), "OrderPlaced", "{\"i\": " + i + "}", null, true);
        }
        String written = currentWalLsn();
        // Past the heartbeat (10 s) and the replication connection's status interval (10 s): the slots of the five
        // databases nobody wrote to must have confirmed the WAL order_db's writes produced, or PostgreSQL keeps it.
        Map<String, String> positions = Poll.until("every slot to confirm " + written, RECOVERY_BOUND,
                () -> slotsBehind(written), slots -> slots.values().stream().allMatch(Objects::isNull));
        assertThat(positions).hasSize(6);
    }

    @Test
    void an_engine_kafka_refused_is_restarted_and_publishes_what_was_written_meanwhile() throws Exception {
        String refusingTopic = "relay-recovery-refused";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(refusingTopic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "512")))).all().get();

            String orderId = UUID.randomUUID().toString();
            UUID tooLarge = orderDb.write(refusingTopic, orderId, "Big", "{\"note\": \"" + "x".repeat(2000) + "\"}",
                    null, true);
            UUID after = orderDb.write("order-events", orderId, "OrderPlaced", "{\"after\": true}", null, true);
            Poll.until("order_db's engine to stop on Kafka's refusal", Duration.ofSeconds(30),
                    () -> slotActive("outbox_order_db"), active -> !active);
            JsonHttp.Response whileFailing = healthWhen(r -> r.status() == 503, Duration.ofSeconds(10));

            // One engine failing leaves the others publishing.
            UUID payment = paymentDb.write("saga-replies", orderId, "PaymentAuthorized", "{}", null, true);
            assertThat(readIds("saga-replies", Set.of(payment), Duration.ofSeconds(30))).contains(payment.toString());

            // The operator lifts the limit; the next restart publishes the refused row and the one behind it.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, refusingTopic),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET))))
                    .all().get();
            assertThat(readIds(refusingTopic, Set.of(tooLarge), RECOVERY_BOUND))
                    .as("the refused row, once Kafka takes it").contains(tooLarge.toString());
            assertThat(readIds("order-events", Set.of(after), Duration.ofSeconds(10)))
                    .as("the row written after the failure").contains(after.toString());

            assertThat(whileFailing).as("health while order_db's engine was failing").isNotNull();
            JsonNode failing = whileFailing.body().path("relay").path("order_db");
            assertThat(whileFailing.body().path("status").asText()).isEqualTo("DOWN");
            assertThat(failing.path("state").asText()).isEqualTo("restarting");
            assertThat(failing.path("attempt").asInt()).isPositive();
            assertThat(failing.path("lastError").asText()).contains(refusingTopic);
            assertThat(whileFailing.body().path("relay").path("payment_db").path("state").asText()).isEqualTo("running");

            JsonHttp.Response recovered = Poll.until("health UP again", Duration.ofSeconds(20),
                    () -> JsonHttp.get(healthUrl), r -> r.status() == 200);
            JsonNode orderEngine = recovered.body().path("relay").path("order_db");
            assertThat(recovered.body().path("status").asText()).isEqualTo("UP");
            assertThat(orderEngine.path("state").asText()).isEqualTo("running");
            assertThat(orderEngine.path("restarts").asInt()).isPositive();
            assertThat(orderEngine.path("lastError").asText()).contains(refusingTopic);
        }
    }

    @Test
    void a_terminated_replication_connection_reconnects_and_is_reported_meanwhile() throws Exception {
        String orderId = UUID.randomUUID().toString();
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl("postgres"), "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute("select pg_terminate_backend(active_pid) from pg_replication_slots"
                    + " where slot_name = 'outbox_payment_db'");
        }
        UUID written = paymentDb.write("saga-replies", orderId, "PaymentAuthorized", "{}", null, true);
        JsonHttp.Response whileDisconnected = healthWhen(r -> r.status() == 503, Duration.ofSeconds(10));

        assertThat(readIds("saga-replies", Set.of(written), RECOVERY_BOUND)).contains(written.toString());
        assertThat(whileDisconnected).as("health while payment_db's replication connection was gone").isNotNull();
        assertThat(whileDisconnected.body().path("relay").path("payment_db").path("connected").asBoolean(true))
                .isFalse();
        Poll.until("health UP again", Duration.ofSeconds(20), () -> JsonHttp.get(healthUrl), r -> r.status() == 200);
    }

    /** The first health answer that satisfies {@code condition} within {@code timeout}, else null. */
    private static JsonHttp.Response healthWhen(java.util.function.Predicate<JsonHttp.Response> condition,
                                                Duration timeout) {
        try {
            return Poll.until("health", timeout, () -> JsonHttp.get(healthUrl), condition);
        } catch (AssertionError e) {
            return null;
        }
    }

    private static List<String> readIds(String topic, Set<UUID> wanted, Duration timeout) {
        Set<String> ids = wanted.stream().map(UUID::toString).collect(Collectors.toSet());
        try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), topic)) {
            List<ConsumerRecord<String, String>> read = reader.readUntil(records -> records.stream()
                    .map(r -> TopicReader.header(r, "id")).collect(Collectors.toSet()).containsAll(ids), timeout);
            return read.stream().map(r -> TopicReader.header(r, "id")).toList();
        }
    }

    private static boolean slotActive(String slot) {
        try (Connection db = connect("order_db", "order_service");
             PreparedStatement query = db.prepareStatement("select active from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String currentWalLsn() throws SQLException {
        try (Connection db = connect("order_db", "order_service"); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select pg_current_wal_lsn()::text")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Each outbox slot's confirmed position, or null once it is at or past {@code lsn}. */
    private static Map<String, String> slotsBehind(String lsn) {
        try (Connection db = connect("order_db", "order_service");
             PreparedStatement query = db.prepareStatement("select slot_name, confirmed_flush_lsn::text,"
                     + " coalesce(confirmed_flush_lsn >= ?::pg_lsn, false) from pg_replication_slots"
                     + " where slot_name like 'outbox\\_%' order by slot_name")) {
            query.setString(1, lsn);
            Map<String, String> positions = new LinkedHashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    positions.put(rows.getString(1), rows.getBoolean(3) ? null : rows.getString(2));
                }
            }
            return positions;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(String database, String role) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(database), role, role);
    }
}
