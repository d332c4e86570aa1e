package org.ordersaga.order.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ordersaga.order.domain.SagaShare;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * The rollout switch's admin endpoint: anyone reads the share, only the role operator changes it, bad input changes
 * nothing, and a change decides the very next order. Orders whose share sends them down the chain are placed for an
 * unknown customer, so they are refused (422) before any participant is called: this test calls no other service.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class RolloutResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void backToTheConfiguredShare() {
        as("operator").delete("/admin/rollout").then().statusCode(200);
    }

    @Test
    void anyoneReadsTheShareInForceAndTheConfiguredOne() {
        given().get("/admin/rollout").then().statusCode(200)
                .body("sagaSharePercent", equalTo(100))
                .body("source", equalTo("CONFIG"))
                .body("configuredSagaSharePercent", equalTo(100))
                .body("changedBy", nullValue());
    }

    @Test
    void anOperatorsChangeDecidesTheNextOrdersAndTheRequestedModeStillWins() throws SQLException {
        as("operator").body("{\"sagaSharePercent\": 30, \"reason\": \"step 5: 30 %\"}").put("/admin/rollout")
                .then().statusCode(200)
                .body("sagaSharePercent", equalTo(30))
                .body("source", equalTo("OPERATOR"))
                .body("changedBy", equalTo("operator"))
                .body("reason", equalTo("step 5: 30 %"))
                .body("changedAt", notNullValue())
                .body("configuredSagaSharePercent", equalTo(100));
        given().get("/admin/rollout").then().body("sagaSharePercent", equalTo(30));
        assertThat(storedShare()).isEqualTo("30 by operator");

        placeOrder("cust-alice", sagaAt30()).post("/orders").then().statusCode(202).header("X-Order-Mode", "async");
        placeOrder("cust-nobody", chainAt30()).post("/orders").then().statusCode(422).contentType(PROBLEM_JSON)
                .header("X-Order-Mode", "sync");
        placeOrder("cust-alice", chainAt30()).queryParam("mode", "async").post("/orders").then().statusCode(202)
                .header("X-Order-Mode", "async");
        placeOrder("cust-alice", chainAt30()).header("X-Order-Mode", "async").post("/orders").then()
                .statusCode(202).header("X-Order-Mode", "async");

        as("operator").body("{\"sagaSharePercent\": 0, \"reason\": \"roll back\"}").put("/admin/rollout")
                .then().statusCode(200);
        placeOrder("cust-nobody", sagaAt30()).post("/orders").then().statusCode(422).header("X-Order-Mode", "sync");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("order_rollout_saga_share_percent 0.0")
                .containsPattern("order_requests_total\\{chosen_by=\"rollout\",mode=\"async\",status=\"202\"}")
                .containsPattern("order_requests_total\\{chosen_by=\"rollout\",mode=\"sync\",status=\"422\"}")
                .containsPattern("order_requests_total\\{chosen_by=\"request\",mode=\"async\",status=\"202\"}");

        as("operator").delete("/admin/rollout").then().statusCode(200)
                .body("sagaSharePercent", equalTo(100)).body("source", equalTo("CONFIG"));
        assertThat(storedShare()).isNull();
        placeOrder("cust-alice", chainAt30()).post("/orders").then().statusCode(202).header("X-Order-Mode", "async");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sagaSharePercent\": 101, \"reason\": \"too much\"}",
            "{\"sagaSharePercent\": -1, \"reason\": \"too little\"}",
            "{\"sagaSharePercent\": \"thirty\", \"reason\": \"not a number\"}",
            "{\"sagaSharePercent\": 30.5, \"reason\": \"not whole\"}",
            "{\"sagaSharePercent\": true, \"reason\": \"not a number\"}",
            "{\"reason\": \"no share\"}",
            "{\"sagaSharePercent\": 30}",
            "{\"sagaSharePercent\": 30, \"reason\": \" \"}",
            "{\"sagaSharePercent\": 30, \"reason\": ",
            "null"
    })
    void badInputIsAProblemAndChangesNothing(String body) throws SQLException {
        as("operator").body(body).put("/admin/rollout")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("status", equalTo(400));

        given().get("/admin/rollout").then().body("sagaSharePercent", equalTo(100)).body("source", equalTo("CONFIG"));
        assertThat(storedShare()).isNull();
    }

    @Test
    void changingTheShareNeedsTheOperatorRole() throws SQLException {
        String change = "{\"sagaSharePercent\": 0, \"reason\": \"not mine to change\"}";
        isUnauthorized(given().contentType(ContentType.JSON).body(change).put("/admin/rollout").then());
        isUnauthorized(given().auth().preemptive().basic("operator", "wrong").contentType(ContentType.JSON).body(change)
                .put("/admin/rollout").then());
        isForbidden(as("viewer").body(change).put("/admin/rollout").then());
        isUnauthorized(given().delete("/admin/rollout").then());
        isForbidden(as("viewer").delete("/admin/rollout").then());

        given().get("/admin/rollout").then().body("sagaSharePercent", equalTo(100));
        assertThat(storedShare()).isNull();
    }

    /** 401 as problem+json, with the challenge that makes a client send its credential. */
    private static void isUnauthorized(ValidatableResponse response) {
        response.statusCode(401).header("WWW-Authenticate", startsWith("Basic")).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:ordersaga:problem:unauthorized")).body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401)).body("detail", not(emptyOrNullString()))
                .body("instance", equalTo("/admin/rollout"));
    }

    private static void isForbidden(ValidatableResponse response) {
        response.statusCode(403).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:ordersaga:problem:forbidden")).body("title", equalTo("Forbidden"))
                .body("status", equalTo(403)).body("detail", not(emptyOrNullString()))
                .body("instance", equalTo("/admin/rollout"));
    }

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON);
    }

    private static RequestSpecification placeOrder(String customerId, String idempotencyKey) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey)
                .body("{\"customerId\": \"" + customerId + "\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1}],"
                        + " \"shippingAddress\": {\"name\": \"Alice Example\", \"street\": \"1 Main Street\","
                        + " \"city\": \"Springfield\", \"postalCode\": \"12345\", \"country\": \"DE\"}}");
    }

    /** A new key the share sends to the saga at 30 %: one per order, since a repeated key replays its first order. */
    private static String sagaAt30() {
        return newKeyWithBucket(0, 29);
    }

    /** A new key the share sends down the chain at 30 %. */
    private static String chainAt30() {
        return newKeyWithBucket(30, 99);
    }

    private static String newKeyWithBucket(int from, int to) {
        return Stream.generate(() -> "rollout-test-" + UUID.randomUUID())
                .filter(key -> SagaShare.bucketOf(key) >= from && SagaShare.bucketOf(key) <= to)
                .findFirst().orElseThrow();
    }

    /** "percent by who" of the stored share, or null when none is stored. */
    private String storedShare() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select saga_share_percent, changed_by from rollout_setting where name = 'saga-share'")) {
            return result.next() ? result.getInt(1) + " by " + result.getString(2) : null;
        }
    }
}
