package org.ordersaga.systemtests.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.support.DevUsers;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.Metrics;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * Every service's database connections are cut again and again while orders flow (as a PostgreSQL restart or
 * failover does to them): consumers wait for their database and resume, so every order still completes, each effect
 * once, and no record was dead-lettered for a failure that a retry cured.
 */
class DatabaseOutageIT {

    /** database and role of each service, as the local platform creates them (password: the role's name). */
    private static final List<String> DATABASES = List.of("order_db:order_service", "inventory_db:inventory_service",
            "payment_db:payment_service", "fulfillment_db:fulfillment_service",
            "notification_db:notification_service", "orchestrator_db:saga_orchestrator");
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    static PlatformProcess platform;
    static SagaStack stack;

    @BeforeAll
    static void startPlatform() {
        platform = PlatformProcess.start(Path.of("target/it-database-outage").toAbsolutePath(), List.of("up",
                "--clean", "--pg-port", "0", "--kafka-port", "0", "--zipkin-port", "0",
                "--service-port-offset", "1300"));
        stack = new SagaStack(platform);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void ordersPlacedWhileTheDatabasesDropTheirConnectionsAllCompleteWithoutDeadLetters() throws Exception {
        long deadLettersBefore = deadLetters();
        OrderRequest request = OrderRequest.of("cust-alice", "DE", "SKU-PEN", 1);
        List<String> orders = new ArrayList<>();
        long end = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < end) {
            orders.add(placeWhileAvailable(request));
            terminateEveryConnection();
            Thread.sleep(250);
        }

        Map<String, JsonNode> sagas = stack.awaitFinished(orders, Duration.ofMinutes(3));

        assertThat(sagas.values()).extracting(saga -> saga.path("state").asText()).containsOnly("COMPLETED");
        orders.forEach(orderId -> SagaChecks.approvedOnce(stack, orderId, request));
        assertThat(deadLetters()).as("no record dead-lettered for a lost connection").isEqualTo(deadLettersBefore);
        assertThat(Metrics.of(stack.url("orchestrator")).sum("consumer_retries_total", "cause=\"infrastructure\""))
                .as("the orchestrator's consumers did wait for their database").isPositive();
    }

    /** order-service itself may answer 5xx while its own connections are cut: the client tries again. */
    private static String placeWhileAvailable(OrderRequest request) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            JsonHttp.Response response = JsonHttp.post(stack.url("order") + "/orders", request.json());
            if (response.status() == 202) {
                return response.body().path("orderId").asText();
            }
            assertThat(attempt).as("POST /orders kept failing: %s", response.body()).isLessThan(50);
            Thread.sleep(200);
        }
    }

    /** Each role ends its own backends, so no superuser is needed; the pools must open new ones by themselves. */
    private static void terminateEveryConnection() throws SQLException {
        for (String databaseAndRole : DATABASES) {
            String[] parts = databaseAndRole.split(":");
            try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(parts[0]), parts[1], parts[1]);
                    Statement sql = connection.createStatement();
                    ResultSet ignored = sql.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity"
                            + " where usename = current_user and pid <> pg_backend_pid()")) {
                // terminated as the query ran
            }
        }
    }

    private static long deadLetters() {
        return JsonHttp.send("GET", stack.url("orchestrator") + "/dead-letters?size=1", null,
                "Authorization", DevUsers.VIEWER).body().path("total").asLong();
    }
}
