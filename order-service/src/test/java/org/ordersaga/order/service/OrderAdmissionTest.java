package org.ordersaga.order.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * With room for two undecided orders: the third asynchronous order is refused and stored nowhere until one is decided;
 * a repeated Idempotency-Key is answered all the same, and a refused one is not recorded.
 */
@QuarkusTest
@TestProfile(OrderAdmissionTest.RoomForTwo.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderAdmissionTest {

    /** Two undecided orders at most, counted at every order. */
    public static class RoomForTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ordersaga.order.admission.max-undecided", "2",
                    "ordersaga.order.admission.refresh-every", "0s",
                    "ordersaga.order.admission.retry-after", "3s");
        }
    }

    private static final String ORDER = """
            {"customerId": "cust-alice", "items": [{"sku": "SKU-PEN", "quantity": 1}], "shippingAddress":
             {"name": "Alice Example", "street": "1 Main Street", "city": "Springfield", "postalCode": "12345",
              "country": "DE"}}""";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void noOrderUndecided() throws SQLException {
        execute("update orders set status = 'APPROVED' where status = 'PENDING'");
    }

    @Test
    void pastTheLimitAnAsyncOrderIsRefusedWithRetryAfterAndNothingStored() throws SQLException {
        String first = placeAsync();
        placeAsync();
        long orders = count("select count(*) from orders");
        long outbox = count("select count(*) from outbox.outbox_event");

        given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "3")
                .body("title", equalTo("Too many orders in flight"))
                .body("detail", containsString("2 orders wait for their saga's decision (limit 2)"));

        assertThat(count("select count(*) from orders")).isEqualTo(orders);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outbox);

        execute("update orders set status = 'APPROVED' where id = '" + first + "'");
        placeAsync();
    }

    @Test
    void pastTheLimitARepeatIsStillAnsweredAndARefusedKeyIsNotRecorded() throws SQLException {
        String placed = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        String first = placeAsync(placed).then().statusCode(202).extract().path("orderId");
        placeAsync();

        // a repeat costs the stack nothing: its order is accepted already
        placeAsync(placed).then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("orderId", equalTo(first));
        placeAsync(refused).then().statusCode(503).header("Retry-After", "3");

        execute("update orders set status = 'APPROVED' where id = '" + first + "'");
        placeAsync(refused).then().statusCode(202).header("Idempotent-Replayed", nullValue());
    }

    private static io.restassured.response.Response placeAsync(String idempotencyKey) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(ORDER)
                .post("/orders?mode=async");
    }

    private static String placeAsync() {
        return given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async")
                .then().statusCode(202).extract().path("orderId");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
