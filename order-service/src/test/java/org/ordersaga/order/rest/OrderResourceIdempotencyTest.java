package org.ordersaga.order.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * POST /orders with an Idempotency-Key, asynchronous mode (the default profile's): a client that sends its request
 * again gets the first answer and no second order; another request under the key, a bad key, concurrent repeats.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderResourceIdempotencyTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String ORDER = """
            {"customerId": "cust-alice", "items": [{"sku": "SKU-PEN", "quantity": 2}], "shippingAddress":
             {"name": "Alice Example", "street": "1 Main Street", "city": "Springfield", "postalCode": "12345",
              "country": "DE"}}""";
    /** {@link #ORDER} written another way: other key order, other blanks, an unknown field. */
    private static final String ORDER_REWRITTEN = """
            {"shippingAddress": {"country": "DE", "postalCode": "12345", "city": "Springfield",
             "street": "1 Main Street", "name": "Alice Example"}, "items": [{"quantity": 2, "sku": "SKU-PEN"}],
             "note": "ignored", "customerId": "cust-alice"}""";
    private static final String OTHER_ORDER = ORDER.replace("\"quantity\": 2", "\"quantity\": 3");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSameRequestAgainIsAnsweredAsTheFirstTimeWithoutASecondOrder() throws SQLException {
        String key = UUID.randomUUID().toString();
        long orders = count("select count(*) from orders");
        long outbox = count("select count(*) from outbox.outbox_event");

        Response first = place(key, ORDER).then().statusCode(202).header("X-Order-Mode", "async")
                .extract().response();
        Response again = place(key, ORDER_REWRITTEN).then().statusCode(202).header(REPLAYED, "true")
                .header("X-Order-Mode", "async").contentType(ContentType.JSON).extract().response();

        assertThat(first.header(REPLAYED)).isNull();
        String orderId = first.path("orderId");
        assertThat(again.header("Location")).isEqualTo(first.header("Location")).endsWith("/orders/" + orderId);
        assertThat(again.jsonPath().getMap("$")).isEqualTo(first.jsonPath().getMap("$"));
        assertThat(count("select count(*) from orders")).isEqualTo(orders + 1);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outbox + 1);
        assertThat(count("select count(*) from outbox.outbox_event where type = 'OrderPlaced' and aggregateid = ?",
                orderId)).isEqualTo(1);
    }

    @Test
    void aRepeatKeepsTheFirstModeWhateverItNamesNow() throws SQLException {
        String key = UUID.randomUUID().toString();
        String orderId = place(key, ORDER).then().statusCode(202).extract().path("orderId");
        long orders = count("select count(*) from orders");

        keyed(key, ORDER).queryParam("mode", "sync").post("/orders").then().statusCode(202)
                .header(REPLAYED, "true").header("X-Order-Mode", "async").body("orderId", equalTo(orderId));

        assertThat(count("select count(*) from orders")).isEqualTo(orders);
    }

    @Test
    void anotherRequestUnderTheSameKeyIsAProblemAndStoresNothing() throws SQLException {
        String key = UUID.randomUUID().toString();
        String orderId = place(key, ORDER).then().statusCode(202).extract().path("orderId");
        long orders = count("select count(*) from orders");
        long outbox = count("select count(*) from outbox.outbox_event");

        place(key, OTHER_ORDER).then().statusCode(422).contentType(PROBLEM_JSON)
                .body("status", equalTo(422))
                .body("title", equalTo("Idempotency key reused"))
                .body("detail", containsString(key));

        assertThat(count("select count(*) from orders")).isEqualTo(orders);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outbox);
        place(key, ORDER).then().statusCode(202).header(REPLAYED, "true").body("orderId", equalTo(orderId));
    }

    @Test
    void concurrentRequestsWithOneKeyPlaceOneOrder() throws Exception {
        String key = UUID.randomUUID().toString();
        long orders = count("select count(*) from orders");
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return place(key, ORDER);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }

            assertThat(responses).extracting(Response::statusCode).allMatch(status -> status == 202 || status == 409);
            List<Response> accepted = responses.stream().filter(r -> r.statusCode() == 202).toList();
            assertThat(accepted).filteredOn(r -> r.header(REPLAYED) == null).as("answered as the first").hasSize(1);
            assertThat(accepted).extracting(r -> (String) r.path("orderId")).containsOnly(
                    (String) accepted.get(0).path("orderId"));
            assertThat(count("select count(*) from orders")).isEqualTo(orders + 1);
            String orderId = accepted.get(0).path("orderId");
            assertThat(count("select count(*) from outbox.outbox_event where aggregateid = ?", orderId))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 256})
    void aBlankOrTooLongKeyIsAProblemAndStoresNothing(int length) throws SQLException {
        String key = length == 1 ? " " : "k".repeat(length);
        long orders = count("select count(*) from orders");
        long outbox = count("select count(*) from outbox.outbox_event");

        place(key, ORDER).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid idempotency key"))
                .body("detail", containsString("1 to 255 printable US-ASCII characters"));

        assertThat(count("select count(*) from orders")).isEqualTo(orders);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aKeyOf255CharactersIsAKey() {
        String key = UUID.randomUUID() + "-" + "k".repeat(255 - 37);

        place(key, ORDER).then().statusCode(202);
        place(key, ORDER).then().statusCode(202).header(REPLAYED, "true");
    }

    @Test
    void aRefusedRequestRecordsNoKey() {
        String key = UUID.randomUUID().toString();

        place(key, ORDER.replace("cust-alice", "cust-nobody")).then().statusCode(422)
                .body("title", equalTo("Unknown customer"));
        place(key, ORDER).then().statusCode(202).header(REPLAYED, nullValue());
    }

    private static Response place(String key, String body) {
        return keyed(key, body).post("/orders");
    }

    private static RequestSpecification keyed(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body);
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
