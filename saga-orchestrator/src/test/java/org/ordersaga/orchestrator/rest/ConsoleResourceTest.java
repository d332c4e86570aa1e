package org.ordersaga.orchestrator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.orchestrator.rest.OrderServiceStub.Answer;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The console's look-ups at order-service, against {@link OrderServiceStub}: an order without a saga and the rollout
 * share passed on as order-service has them, an unknown order 404, and an order-service that fails, hangs or is down
 * answered at once as a problem while the saga API goes on.
 */
@QuarkusTest
@TestProfile(ConsoleResourceTest.StubbedOrderService.class)
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class ConsoleResourceTest {

    /** order-service stubbed, with a short timeout so that the hanging case stays short. */
    public static class StubbedOrderService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ordersaga.orchestrator.console.order-service-url", OrderServiceStub.url(),
                    "ordersaga.orchestrator.console.order-service-timeout", "500ms");
        }
    }

    private static final String PROBLEM_JSON = "application/problem+json";
    /**
     * Bounded by the 500 ms timeout, not by order-service: far below the 20 s hang, with room for a cold first request
     * on a machine shared with benchmarks (one took 3.4 s there).
     */
    private static final Duration QUICKLY = Duration.ofSeconds(6);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetStub() {
        OrderServiceStub.reset();
    }

    @Test
    void anOrderWithoutASagaIsShownAsOrderServiceHasItWithItsMode() {
        String orderId = UUID.randomUUID().toString();
        OrderServiceStub.answer("/orders/" + orderId, Answer.ok("""
                {"orderId": "%s", "customerId": "cust-alice", "mode": "sync", "status": "REJECTED",
                 "rejectionReason": "INSUFFICIENT_CREDIT", "items": [{"sku": "SKU-PEN", "quantity": 1}],
                 "totalCents": null, "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
                 "placedAt": "2030-01-01T10:00:00Z", "history": []}""".formatted(orderId)));

        asViewer().get("/console/orders/" + orderId).then().statusCode(200).contentType("application/json")
                .body("orderId", equalTo(orderId))
                .body("mode", equalTo("sync"))
                .body("status", equalTo("REJECTED"))
                .body("rejectionReason", equalTo("INSUFFICIENT_CREDIT"))
                .body("traceId", equalTo("4bf92f3577b34da6a3ce929d0e0e4736"))
                .body("placedAt", equalTo("2030-01-01T10:00:00Z"));
        assertThat(OrderServiceStub.requestedPaths()).containsExactly("/orders/" + orderId);
    }

    @Test
    void anOrderOrderServiceDoesNotHaveIsNotFound() {
        asViewer().get("/console/orders/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("title", equalTo("Order not found"));
        asViewer().get("/console/orders/not-an-order-id").then().statusCode(404).contentType(PROBLEM_JSON);
        assertThat(OrderServiceStub.requestedPaths()).as("only the UUID is asked about").hasSize(1);
    }

    @Test
    void theRolloutInForceIsShownWithWhoSetItAndWhy() {
        OrderServiceStub.answer("/admin/rollout", Answer.ok("""
                {"sagaSharePercent": 30, "source": "OPERATOR", "changedBy": "operator", "reason": "step 5: 30 %",
                 "changedAt": "2030-01-01T10:00:00Z", "configuredSagaSharePercent": 100}"""));

        asViewer().get("/console/rollout").then().statusCode(200).contentType("application/json")
                .body("sagaSharePercent", equalTo(30))
                .body("source", equalTo("OPERATOR"))
                .body("changedBy", equalTo("operator"))
                .body("reason", equalTo("step 5: 30 %"))
                .body("changedAt", equalTo("2030-01-01T10:00:00Z"))
                .body("configuredSagaSharePercent", equalTo(100));
    }

    @Test
    void anErrorAnswerOfOrderServiceIsABadGateway() {
        String orderId = UUID.randomUUID().toString();
        OrderServiceStub.answer("/orders/" + orderId, new Answer(500, "{\"status\": 500}", 0));
        OrderServiceStub.answer("/admin/rollout", Answer.ok("<html>not order-service</html>"));

        timed(() -> asViewer().get("/console/orders/" + orderId).then()).statusCode(502).contentType(PROBLEM_JSON)
                .body("detail", containsString("500"));
        timed(() -> asViewer().get("/console/rollout").then()).statusCode(502).contentType(PROBLEM_JSON);
    }

    @Test
    void anOrderServiceThatDoesNotAnswerInTimeIsUnavailableAtOnce() {
        OrderServiceStub.answer("/admin/rollout", new Answer(200, "{\"sagaSharePercent\": 30}", 20_000));

        timed(() -> asViewer().get("/console/rollout").then()).statusCode(503).contentType(PROBLEM_JSON)
                .body("title", equalTo("order-service unavailable"))
                .body("detail", containsString("500 ms"));
    }

    @Test
    void anUnreachableOrderServiceIsUnavailableAtOnceWhileSagasAreStillServed() {
        OrderServiceStub.down();
        try (OrchestratorTraffic traffic = new OrchestratorTraffic(bootstrapServers, dataSource)) {
            timed(() -> asViewer().get("/console/rollout").then()).statusCode(503).contentType(PROBLEM_JSON)
                    .header("Retry-After", "5")
                    .body("title", equalTo("order-service unavailable"));
            timed(() -> asViewer().get("/console/orders/" + UUID.randomUUID()).then()).statusCode(503)
                    .contentType(PROBLEM_JSON);

            String orderId = traffic.placeOrder();
            assertThat(traffic.sagaOf(orderId).getString("orderId")).isEqualTo(orderId);
            asViewer().get("/console/").then().statusCode(200).body(containsString("Saga console"));
            asViewer().get("/console/settings").then().statusCode(200);
        } finally {
            OrderServiceStub.up();
        }
    }

    /** The answer, asserted to have come {@link #QUICKLY}. */
    private static ValidatableResponse timed(Supplier<ValidatableResponse> request) {
        long start = System.nanoTime();
        ValidatableResponse response = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to answer").isLessThan(QUICKLY);
        return response;
    }
}
