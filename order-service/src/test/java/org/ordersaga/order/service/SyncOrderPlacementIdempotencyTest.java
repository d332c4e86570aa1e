package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.order.service.ParticipantStub.Answer;
import org.ordersaga.order.service.ParticipantStub.Call;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * POST /orders?mode=sync with an Idempotency-Key, against the stubbed participants: a repeated request never runs a
 * second chain — it gets the first answer, a 409 while the first chain runs, or the order's state when the request
 * that ran the chain died before answering.
 */
@QuarkusTest
@TestProfile(SyncRecoveryTest.StubbedParticipants.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class SyncOrderPlacementIdempotencyTest {

    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetStub() {
        ParticipantStub.reset();
    }

    @Test
    void theSameRequestAgainGetsTheFirstAnswerAndRunsNoSecondChain() throws SQLException {
        String key = UUID.randomUUID().toString();
        long orders = count("select count(*) from orders");

        Response first = placeSync(key).then().statusCode(201).header("X-Order-Mode", "sync")
                .body("status", equalTo("APPROVED")).extract().response();
        Response again = placeSync(key).then().statusCode(201).header(REPLAYED, "true")
                .header("X-Order-Mode", "sync").extract().response();

        assertThat(first.header(REPLAYED)).isNull();
        String orderId = first.path("orderId");
        assertThat(again.header("Location")).isEqualTo(first.header("Location")).endsWith("/orders/" + orderId);
        assertThat(again.jsonPath().getMap("$")).isEqualTo(first.jsonPath().getMap("$"));
        assertThat(count("select count(*) from orders")).isEqualTo(orders + 1);
        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::command).containsExactly(
                "reserve-inventory", "authorize-payment", "schedule-shipment", "settle-inventory", "capture-payment",
                "send-notification");
    }

    @Test
    void aRepeatWhileTheFirstChainRunsIsAConflictToRetry() throws Exception {
        String key = UUID.randomUUID().toString();
        long orders = count("select count(*) from orders");
        ParticipantStub.answer("reserve-inventory",
                new Answer(200, "{\"type\":\"InventoryReserved\",\"totalCents\":2500}", 1500));

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> placeSync(key));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "select count(*) from idempotency_record where idempotency_key = ?", key) == 1);
        placeSync(key).then().statusCode(409).contentType(PROBLEM_JSON)
                .header("Retry-After", "1")
                .body("title", equalTo("Order in progress"));

        Response answered = first.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(201);
        String orderId = answered.path("orderId");
        placeSync(key).then().statusCode(201).header(REPLAYED, "true").body("orderId", equalTo(orderId));
        assertThat(count("select count(*) from orders")).isEqualTo(orders + 1);
        assertThat(ParticipantStub.callsFor(orderId)).filteredOn(call -> call.command().equals("reserve-inventory"))
                .hasSize(1);
    }

    @Test
    void aKeyWhoseRequestDiedMidChainIsAConflictUntilTheOrderIsDecidedThenItsState() throws SQLException {
        String key = UUID.randomUUID().toString();
        long orders = count("select count(*) from orders");
        ParticipantStub.answer("capture-payment", Answer.unavailable());

        String detail = placeSync(key).then().statusCode(502).contentType(PROBLEM_JSON)
                .body("detail", containsString("CAPTURE_PAYMENT_UNAVAILABLE")).extract().path("detail");
        String orderId = detail.substring("Order ".length(), detail.indexOf(':'));
        // the 502 was the answer: it is given again, and no chain starts
        placeSync(key).then().statusCode(502).contentType(PROBLEM_JSON).header(REPLAYED, "true")
                .body("detail", equalTo(detail));

        // as if order-service had died before recording that answer: the key is claimed, its chain half done
        execute("update idempotency_record set response_status = null, response_content_type = null,"
                + " response_location = null, response_body = null, answered_at = null where idempotency_key = ?",
                key);
        placeSync(key).then().statusCode(409).contentType(PROBLEM_JSON).header("Retry-After", "1")
                .body("detail", containsString(orderId));

        ParticipantStub.answer("capture-payment", Answer.ok("{\"type\":\"PaymentCaptured\",\"amountCents\":2500}"));
        await().atMost(RECOVERY).untilAsserted(() -> given().get("/orders/" + orderId).then()
                .body("status", equalTo("APPROVED")));
        placeSync(key).then().statusCode(201).header(REPLAYED, "true").header("X-Order-Mode", "sync")
                .body("orderId", equalTo(orderId)).body("status", equalTo("APPROVED"))
                .body("totalCents", equalTo(2500));

        assertThat(count("select count(*) from orders")).isEqualTo(orders + 1);
        assertThat(ParticipantStub.callsFor(orderId)).filteredOn(call -> call.command().equals("reserve-inventory"))
                .hasSize(1);
    }

    private static Response placeSync(String key) {
        return given().contentType(ContentType.JSON).queryParam("mode", "sync").header("Idempotency-Key", key)
                .body("""
                        {"customerId": "cust-alice", "items": [{"sku": "SKU-BOOK", "quantity": 1}],
                         "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Berlin",
                                             "postalCode": "10115", "country": "DE"}}""")
                .post("/orders");
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
