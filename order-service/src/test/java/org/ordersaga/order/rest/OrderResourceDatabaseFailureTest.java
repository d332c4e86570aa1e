package org.ordersaga.order.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.LostDatabase;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * PostgreSQL terminates every connection of order-service (pg_terminate_backend, as an operator, a failover or the
 * chaos suite does): the pool holds dead connections. No request may answer 500 for that, and none may leave half an
 * order: each POST either places its order with its OrderPlaced event or answers 503 problem+json with Retry-After and
 * stores nothing. After such a 503 the pool holds no dead connection any more, whatever the endpoint: the test classes
 * after this one share the application and its pool.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderResourceDatabaseFailureTest {

    private static final String ORDER = """
            {"customerId": "cust-bob", "items": [{"sku": "SKU-PEN", "quantity": 1}], "shippingAddress":
             {"name": "Bob Example", "street": "2 Main Street", "city": "Springfield", "postalCode": "12345",
              "country": "DE"}}""";

    /** Idle connections the pool holds when the database is lost: each one left dead would fail one more request. */
    private static final int POOLED = 12;

    @Inject
    AgroalDataSource pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void terminatedConnectionsAnswerNo500AndLeaveNothingHalfDone() throws SQLException {
        given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async").then().statusCode(202);
        long orders = count("select count(*) from orders");
        long events = count("select count(*) from outbox.outbox_event where type = 'OrderPlaced'");
        List<Integer> statuses = new ArrayList<>();
        String placed = null;
        int terminated = 0;

        for (int round = 0; round < 5; round++) {
            // a round may find none: the pool dropped the dead ones and has opened no new one yet
            terminated += LostDatabase.terminateConnectionsOf(url, username, password);
            for (int i = 0; i < 4; i++) {
                Response answer = given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async");
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 202) {
                    placed = answer.path("orderId");
                } else {
                    assertThat(answer.statusCode()).as("answer to POST /orders: %s", answer.asString())
                            .isEqualTo(503);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.header("Retry-After")).isNotBlank();
                }
            }
            if (placed != null) {
                LostDatabase.terminateConnectionsOf(url, username, password);
                int read = given().get("/orders/" + placed).statusCode();
                assertThat(read).as("GET /orders/{id} right after the termination").isIn(200, 503);
            }
        }

        assertThat(terminated).as("connections terminated").isPositive();
        long accepted = statuses.stream().filter(status -> status == 202).count();
        assertThat(accepted).as("accepted orders among %s", statuses).isPositive();
        assertThat(count("select count(*) from orders")).isEqualTo(orders + accepted);
        assertThat(count("select count(*) from outbox.outbox_event where type = 'OrderPlaced'"))
                .isEqualTo(events + accepted);
    }

    /** GET /orders/{id} is not tried again ({@code service/DatabaseRetry}): its 503 alone must empty the pool. */
    @Test
    void aReadThatLostTheDatabaseLeavesNoDeadConnectionForTheRequestsAfterIt() throws Exception {
        String placed = given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async").then()
                .statusCode(202).extract().path("orderId");
        LostDatabase.fillPool(pool, POOLED);
        assertThat(LostDatabase.terminateConnectionsOf(url, username, password)).as("connections terminated").isGreaterThanOrEqualTo(POOLED);

        Response lost = given().get("/orders/" + placed);
        assertThat(lost.statusCode()).as("GET right after the termination: %s", lost.asString()).isEqualTo(503);
        assertThat(lost.contentType()).startsWith("application/problem+json");

        // the pool validates its idle connections on its own thread: allow it a moment, not one request per dead one
        int answer = 0;
        for (int tries = 0; tries < 3 && answer != 200; tries++) {
            Thread.sleep(100);
            answer = given().get("/orders/" + placed).statusCode();
        }
        assertThat(answer).as("GET after the 503, within 3 tries").isEqualTo(200);
        List<Integer> following = new ArrayList<>();
        for (int i = 0; i < POOLED; i++) {
            following.add(given().get("/orders/" + placed).statusCode());
        }
        assertThat(following).as("the %d GETs after that", POOLED).containsOnly(200);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
