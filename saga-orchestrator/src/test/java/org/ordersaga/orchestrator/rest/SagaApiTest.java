package org.ordersaga.orchestrator.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.orchestrator.OrchestratorTraffic.Command;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.SagaCaller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;
import static org.ordersaga.orchestrator.OrchestratorTraffic.PATIENCE;

/**
 * The on-call API on real Postgres and Kafka: lists by state with paging, bad parameters, and the operator actions
 * with their credential checks. Every refusal is checked to have changed nothing (same version, same timeline).
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagaApiTest {

    private static final String ACTION = "{\"reason\": \"inventory-service is back\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    private OrchestratorTraffic traffic;
    /**
     * Four orders nobody answers: their sagas end COMPENSATION_FAILED (%test deadlines: about 10 s). The last one is
     * retried by a test; the first three stay parked.
     */
    private final List<String> parkedOrders = new ArrayList<>();
    private boolean parked;

    @BeforeAll
    void placeOrdersNobodyAnswers() {
        traffic = new OrchestratorTraffic(bootstrapServers, dataSource);
        for (int i = 0; i < 4; i++) {
            parkedOrders.add(traffic.placeOrder());
        }
    }

    /** The orders of {@link #placeOrdersNobodyAnswers} once parked (REST Assured is set up only inside a test). */
    private List<String> parkedOrders() {
        if (!parked) {
            await().atMost(PATIENCE).until(() -> parkedOrders.stream().map(traffic::stateOf)
                    .allMatch("COMPENSATION_FAILED"::equals));
            parked = true;
        }
        return parkedOrders;
    }

    @AfterAll
    void disconnect() {
        traffic.close();
    }

    @Test
    void sagasAreListedByStateNewestFirstOnePageAtATime() {
        List<String> parkedOrders = parkedOrders();
        JsonPath first = asViewer().get("/sagas?state=compensation-failed&page=0&size=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getInt("page")).isZero();
        assertThat(first.getInt("size")).isEqualTo(2);
        assertThat(first.getLong("total")).isGreaterThanOrEqualTo(3);
        assertThat(first.getList("items.state")).containsOnly("COMPENSATION_FAILED");
        assertThat(first.getList("items")).hasSize(2);
        List<String> createdAt = first.getList("items.createdAt");
        assertThat(Instant.parse(createdAt.get(0))).isAfterOrEqualTo(Instant.parse(createdAt.get(1)));

        JsonPath second = asViewer().get("/sagas?state=COMPENSATION_FAILED&page=1&size=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("items.id")).isNotEmpty().doesNotContainAnyElementsOf(first.getList("items.id"));
        assertThat(Instant.parse(second.getString("items[0].createdAt")))
                .isBeforeOrEqualTo(Instant.parse(createdAt.get(1)));

        List<String> everyParked = asViewer().get("/sagas?state=compensation failed&size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.orderId");
        assertThat(everyParked).containsAll(parkedOrders.subList(0, 3));
        asViewer().get("/sagas?state=completed").then().statusCode(200);
    }

    @Test
    void badSearchParametersAreProblems() {
        for (String query : List.of("state=bogus", "state=stuck&page=-1", "state=stuck&size=0",
                "state=stuck&size=101", "state=stuck&size=ten", "state=stuck&orderId=x", "page=0")) {
            asViewer().get("/sagas?" + query).then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void theTimelineCarriesAttemptsDeadlinesAndStepDurations() {
        JsonPath saga = traffic.sagaOf(parkedOrders().get(0));
        assertThat(saga.getList("steps.step")).containsExactly("RESERVE_INVENTORY", "RELEASE_INVENTORY");
        assertThat(saga.getList("steps.status")).containsExactly("TIMED_OUT", "TIMED_OUT");
        assertThat(saga.getList("steps.attempts")).containsExactly(3, 3);
        assertThat(saga.getString("steps[0].deadline")).isNotNull();
        assertThat(saga.getLong("steps[0].durationMs")).isGreaterThanOrEqualTo(4_000);
        assertThat(saga.getList("timeline.findAll { it.kind == 'COMMAND_RESENT' }.attempt")).contains(2, 3);
    }

    @Test
    void withoutTheOperatorRoleAnActionIsRefusedAndChangesNothing() {
        String orderId = parkedOrders().get(1);
        JsonPath before = traffic.sagaOf(orderId);
        String sagaId = before.getString("id");

        given().contentType("application/json").body(ACTION).post("/sagas/" + sagaId + "/retry")
                .then().statusCode(401);
        given().auth().preemptive().basic("operator", "wrong").contentType("application/json").body(ACTION)
                .post("/sagas/" + sagaId + "/compensate").then().statusCode(401);
        as("viewer").body(ACTION).post("/sagas/" + sagaId + "/retry").then().statusCode(403);
        as("viewer").body(ACTION).post("/sagas/" + sagaId + "/compensate").then().statusCode(403);
        as("operator").body("{\"reason\": \" \"}").post("/sagas/" + sagaId + "/retry").then().statusCode(400)
                .contentType("application/problem+json");
        as("operator").post("/sagas/" + sagaId + "/retry").then().statusCode(400)
                .contentType("application/problem+json");

        assertUnchanged(before, traffic.sagaOf(orderId));
    }

    @Test
    void anOperatorRetryResendsTheCompensationAndIsRecordedWithWhoAndWhy() throws Exception {
        String orderId = parkedOrders().get(3);
        String sagaId = traffic.sagaOf(orderId).getString("id");
        Command parked = lastCommand(orderId);

        JsonPath after = as("operator").body(ACTION).post("/sagas/" + sagaId + "/retry").then().statusCode(200)
                .extract().jsonPath();

        assertThat(after.getString("state")).isEqualTo("COMPENSATING");
        assertThat(after.getInt("pendingCommand.attempt")).isEqualTo(1);
        Map<String, Object> action = after.getMap("timeline.find { it.kind == 'OPERATOR_RETRY' }");
        assertThat(action).containsEntry("actor", "operator").containsEntry("detail", "inventory-service is back")
                .containsEntry("step", "RELEASE_INVENTORY");
        List<Command> commands = traffic.commands(orderId);
        assertThat(commands).hasSize(7);
        assertThat(commands.get(6).type()).isEqualTo("ReleaseInventory");
        assertThat(commands.get(6).commandId()).as("same command id").isEqualTo(parked.commandId());
    }

    @Test
    void aSagaInAFinalStateRefusesEveryActionWithAConflictAndChangesNothing() {
        String orderId = traffic.placeOrder();
        answerThePendingCommandUntilRejected(orderId);
        JsonPath before = traffic.sagaOf(orderId);
        String sagaId = before.getString("id");

        for (String action : List.of("retry", "compensate")) {
            as("operator").body(ACTION).post("/sagas/" + sagaId + "/" + action).then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("final state"));
        }
        assertUnchanged(before, traffic.sagaOf(orderId));
    }

    @Test
    void anUnknownSagaIsNotFoundForAnOperator() {
        as("operator").body(ACTION).post("/sagas/" + UUID.randomUUID() + "/retry").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /**
     * {@code /console/*} is guarded by a path permission (application.properties), which refuses in the HTTP layer,
     * the other reads by their {@code @RolesAllowed}: either way a refusal is a problem. order-service's user is known
     * here too (the dev/test users every service shares) but has no role that reads.
     */
    @Test
    void theOnCallReadsNeedAViewerOrAnOperator() {
        String orderId = UUID.randomUUID().toString();
        for (String path : List.of("/sagas?orderId=" + orderId, "/sagas/" + UUID.randomUUID(), "/dead-letters",
                "/participants", "/console/", "/console/settings", "/console/orders/" + orderId)) {
            String instance = path.replaceFirst("\\?.*", "");
            isProblem(given().get(path).then(), 401, "unauthorized", instance)
                    .header("WWW-Authenticate", startsWith("Basic"));
            isProblem(given().auth().preemptive().basic("viewer", "guess").get(path).then(), 401, "unauthorized",
                    instance).header("WWW-Authenticate", startsWith("Basic"));
            isProblem(given().auth().preemptive().basic(SagaCaller.USER, SagaCaller.PASSWORD).get(path).then(), 403,
                    "forbidden", instance);
        }
        asViewer().get("/sagas?orderId=" + orderId).then().statusCode(200).body("size()", equalTo(0));
        as("operator").get("/sagas?orderId=" + orderId).then().statusCode(200).body("size()", equalTo(0));
        asViewer().get("/dead-letters").then().statusCode(200);
        asViewer().get("/participants").then().statusCode(200);
    }

    @Test
    void theConsoleIsServedWithItsSettings() {
        asViewer().get("/console/").then().statusCode(200).body(containsString("Saga console"));
        asViewer().get("/console/settings").then().statusCode(200).contentType("application/json");
    }

    /**
     * Rejects the order at its first step and answers each later command; answering whatever is pending keeps this
     * right even when a slow reply let a deadline move the saga on first.
     */
    private void answerThePendingCommandUntilRejected(String orderId) {
        Map<String, String> replies = Map.of("RESERVE_INVENTORY", "InventoryRejected",
                "RELEASE_INVENTORY", "InventoryReleased", "REJECT_ORDER", "OrderRejected",
                "NOTIFY_REJECTED", "NotificationSent");
        Set<String> answered = new HashSet<>();
        await().atMost(PATIENCE).until(() -> {
            JsonPath saga = traffic.sagaOf(orderId);
            String commandId = saga.getString("pendingCommand.commandId");
            if (commandId != null && answered.add(commandId)) {
                String step = saga.getString("pendingCommand.step");
                String fields = step.equals("RESERVE_INVENTORY")
                        ? "\"reason\": \"OUT_OF_STOCK\", \"detail\": \"none\"" : null;
                traffic.reply(orderId, new Command(commandId, null, null, null, null), replies.get(step), fields);
            }
            return "REJECTED".equals(saga.getString("state"));
        });
    }

    private static ValidatableResponse isProblem(ValidatableResponse response, int status, String type,
                                                 String instance) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ordersaga:problem:" + type)).body("status", equalTo(status))
                .body("title", not(emptyOrNullString())).body("detail", not(emptyOrNullString()))
                .body("instance", equalTo(instance));
    }

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).contentType("application/json");
    }

    private Command lastCommand(String orderId) throws Exception {
        List<Command> commands = traffic.commands(orderId);
        return commands.get(commands.size() - 1);
    }

    private static void assertUnchanged(JsonPath before, JsonPath after) {
        assertThat(after.getString("state")).isEqualTo(before.getString("state"));
        assertThat(after.getLong("version")).isEqualTo(before.getLong("version"));
        assertThat(after.getList("timeline")).hasSameSizeAs(before.getList("timeline"));
    }
}
