package org.ordersaga.orchestrator.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;
import static org.ordersaga.orchestrator.OrchestratorTraffic.PATIENCE;
import static org.ordersaga.orchestrator.OrchestratorTraffic.orderPlaced;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.orchestrator.rest.OrderServiceStub;
import org.ordersaga.orchestrator.rest.OrderServiceStub.Answer;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * An async order that order-service still has PENDING but whose {@code OrderPlaced} never became a saga (lost,
 * dead-lettered, never consumed) is found and its saga started, once, by the same path the event takes: the event
 * arriving late, or the next reconciliation pass, does nothing a second time.
 */
@QuarkusTest
@TestProfile(SagaReconciliationTest.ReconciledOften.class)
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class SagaReconciliationTest {

    public static class ReconciledOften implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ordersaga.orchestrator.console.order-service-url", OrderServiceStub.url(),
                    "ordersaga.orchestrator.reconciliation.every", "1s",
                    "ordersaga.orchestrator.reconciliation.min-age", "1s");
        }
    }

    private static final String PENDING_ORDERS = "/orders/pending";
    private static final String ORDER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    private OrchestratorTraffic traffic;

    @BeforeEach
    void connect() {
        traffic = new OrchestratorTraffic(bootstrapServers, dataSource);
    }

    @AfterEach
    void disconnect() {
        OrderServiceStub.reset();
        traffic.close();
    }

    @Test
    void aPendingOrderWithoutASagaGetsOneStartedByReconciliationAndALateOrderPlacedDoesNothingTwice()
            throws Exception {
        String orderId = UUID.randomUUID().toString();
        double reconciledBefore = reconciled();
        pendingAtOrderService(orderId);

        JsonPath saga = traffic.sagaOf(orderId);
        assertThat(saga.getString("traceId")).isEqualTo(ORDER_TRACE);
        assertThat(saga.getString("timeline[0].kind")).isEqualTo("SAGA_STARTED");
        assertThat(saga.getString("timeline[0].actor")).isEqualTo("reconciliation");
        assertThat(saga.getString("timeline[0].detail")).contains("started by reconciliation");
        traffic.awaitCommand(orderId, "ReserveInventory");
        await().atMost(PATIENCE).until(() -> reconciled() == reconciledBefore + 1);

        String lateEvent = UUID.randomUUID().toString();
        traffic.send("order-events", orderId, lateEvent, "OrderPlaced", orderPlaced(orderId), null);
        await().atMost(PATIENCE).until(() -> traffic.count(
                "select count(*) from inbox.processed_message where message_id = ?", lateEvent) == 1);
        // further passes see the order still PENDING at order-service and leave its saga alone
        Thread.sleep(1_000);

        assertThat(asViewer().get("/sagas?orderId=" + orderId).then().statusCode(200).extract().jsonPath()
                .getList("$")).hasSize(1);
        assertThat(firstCommands(orderId)).singleElement().isEqualTo("ReserveInventory");
        assertThat(reconciled()).isEqualTo(reconciledBefore + 1);
    }

    @Test
    void anOrderWhoseSagaTheEventStartedIsLeftAlone() throws Exception {
        String orderId = traffic.placeOrder();
        traffic.awaitCommand(orderId, "ReserveInventory");
        double reconciledBefore = reconciled();
        pendingAtOrderService(orderId);

        await().atMost(PATIENCE).until(() -> OrderServiceStub.requestedPaths().size() >= 3);

        JsonPath saga = traffic.sagaOf(orderId);
        assertThat(saga.getString("timeline[0].actor")).isNull();
        assertThat(firstCommands(orderId)).singleElement().isEqualTo("ReserveInventory");
        assertThat(reconciled()).isEqualTo(reconciledBefore);
    }

    /** The commands sent for the order, once each: a deadline re-sends one with its command ID. */
    private List<String> firstCommands(String orderId) throws Exception {
        return traffic.commands(orderId).stream().collect(java.util.stream.Collectors.toMap(
                OrchestratorTraffic.Command::commandId, OrchestratorTraffic.Command::type, (first, resent) -> first,
                java.util.LinkedHashMap::new)).values().stream().toList();
    }

    /** order-service lists the order as an async order still PENDING, placed a minute ago. */
    private static void pendingAtOrderService(String orderId) {
        OrderServiceStub.answer(PENDING_ORDERS, Answer.ok("""
                {"items": [{"orderId": "%s", "customerId": "cust-alice", "mode": "async", "status": "PENDING",
                  "rejectionReason": null, "items": [{"sku": "SKU-PEN", "quantity": 2}],
                  "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Springfield",
                                      "postalCode": "12345", "country": "DE"},
                  "totalCents": null, "traceId": "%s", "placedAt": "%s", "history": []}],
                 "next": null}""".formatted(orderId, ORDER_TRACE,
                java.time.Instant.now().minus(Duration.ofMinutes(1)))));
    }

    private static double reconciled() {
        List<String> lines = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("saga_reconciled_total")).toList();
        return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).split(" ")[1]);
    }
}
