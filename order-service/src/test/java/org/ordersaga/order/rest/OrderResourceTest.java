package org.ordersaga.order.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    private long ordersBefore;
    private long outboxBefore;

    @BeforeEach
    void countRows() throws SQLException {
        ordersBefore = count("select count(*) from orders");
        outboxBefore = count("select count(*) from outbox.outbox_event");
    }

    @Test
    void aValidOrderIsAcceptedPendingWithItsOrderPlacedEvent() throws Exception {
        Response response = given().contentType(ContentType.JSON).body(order("cust-alice", item("SKU-PEN", 2)))
                .when().post("/orders")
                .then().statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("orderId", notNullValue())
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .extract().response();
        String orderId = response.path("orderId");
        assertThat(response.header("Location")).endsWith("/orders/" + orderId);

        List<List<String>> outbox = rows("select aggregatetype, aggregateid, type, traceparent, payload->>'orderId',"
                + " payload::text from outbox.outbox_event where aggregateid = '" + orderId + "'");
        assertThat(outbox).hasSize(1);
        List<String> row = outbox.get(0);
        assertThat(row.subList(0, 3)).containsExactly("order-events", orderId, "OrderPlaced");
        assertThat(row.get(3)).matches("00-" + response.path("traceId") + "-[0-9a-f]{16}-0[01]");
        assertThat(row.get(4)).isEqualTo(orderId);
        assertThat(new ContractValidator().violations("OrderPlaced", new ObjectMapper().readTree(row.get(5))))
                .as("OrderPlaced matches contracts v1").isEmpty();
        assertThat(count("select count(*) from orders")).isEqualTo(ordersBefore + 1);
    }

    @Test
    void anAcceptedOrderCanBeReadBack() {
        String orderId = given().contentType(ContentType.JSON)
                .body(order("cust-bob", item("SKU-BOOK", 1) + "," + item("SKU-LAMP", 3)))
                .post("/orders").then().statusCode(202).extract().path("orderId");

        given().get("/orders/" + orderId)
                .then().statusCode(200)
                .body("orderId", equalTo(orderId))
                .body("customerId", equalTo("cust-bob"))
                .body("mode", equalTo("async"))
                .body("status", equalTo("PENDING"))
                .body("items", hasSize(2))
                .body("items[1].sku", equalTo("SKU-LAMP"))
                .body("items[1].quantity", equalTo(3))
                .body("shippingAddress.country", equalTo("DE"))
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .body("history", hasSize(1))
                .body("history[0].status", equalTo("PENDING"))
                .body("history[0].at", notNullValue());
    }

    @Test
    void anOrderPlacedBeforeModesWereRecordedReadsBackWithoutOne() throws SQLException {
        UUID orderId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into orders (id, customer_id, status, items, shipping_address, history,"
                    + " placed_at, updated_at, version) values ('" + orderId + "', 'cust-alice', 'PENDING',"
                    + " '[{\"sku\": \"SKU-PEN\", \"quantity\": 1}]', '" + ADDRESS + "', '[]', now(), now(), 0)");
        }

        given().get("/orders/" + orderId)
                .then().statusCode(200)
                .body("orderId", equalTo(orderId.toString()))
                .body("$", hasKey("mode"))
                .body("mode", nullValue());
    }

    @Test
    void anUnknownOrderIsAProblem() {
        given().get("/orders/8d1c3f4e-0000-4000-8000-000000000000")
                .then().statusCode(404).contentType(PROBLEM_JSON).body("status", equalTo(404));
        given().get("/orders/not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void anUnknownCustomerIsRefusedAndNothingIsStored() throws SQLException {
        given().contentType(ContentType.JSON).body(order("cust-nobody", item("SKU-PEN", 1)))
                .post("/orders")
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("title", equalTo("Unknown customer"))
                .body("status", equalTo(422));
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"customerId\": \"cust-alice\", \"items\": [",                                      // malformed JSON
            "not json at all",
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": \"two\"}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // wrong type
            "{\"customerId\": \"cust-alice\", \"items\": {\"sku\": \"SKU-PEN\"}, \"shippingAddress\": "
                    + ADDRESS + "}",                                                                 // object for list
            "{\"customerId\": \"cust-alice\", \"items\": [], \"shippingAddress\": " + ADDRESS + "}",  // empty items
            "{\"customerId\": \"cust-alice\", \"shippingAddress\": " + ADDRESS + "}",                // no items
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 0}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // zero
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": -3}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // negative
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1001}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // too many
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 99999999999999}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // overflows
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"pen\", \"quantity\": 1}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // bad SKU
            "{\"customerId\": \"\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1}],"
                    + " \"shippingAddress\": " + ADDRESS + "}",                                      // blank customer
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1}],"
                    + " \"shippingAddress\": {\"name\": \"A\", \"street\": \" \", \"city\": \"C\","
                    + " \"postalCode\": \"1\", \"country\": \"Germany\"}}",                          // bad address
            "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1}]}", // no address
            "null"
    })
    void badInputIsAProblemAndNothingIsStored(String body) throws SQLException {
        given().contentType(ContentType.JSON).body(body)
                .post("/orders")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("title", notNullValue());
        assertNothingStored();
    }

    @Test
    void validationProblemsNameTheFields() {
        given().contentType(ContentType.JSON)
                .body("{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 0}],"
                        + " \"shippingAddress\": " + ADDRESS + "}")
                .post("/orders")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("items[0].quantity"));
    }

    @Test
    void tooManyItemsIsAProblem() throws SQLException {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            items.add(item("SKU-PEN", 1));
        }
        given().contentType(ContentType.JSON).body(order("cust-alice", String.join(",", items)))
                .post("/orders")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        assertNothingStored();
    }

    @Test
    void anOversizedBodyIsRefusedAndNothingIsStored() throws SQLException {
        String padding = "x".repeat(70 * 1024);
        String body = "{\"customerId\": \"cust-alice\", \"items\": [" + item("SKU-PEN", 1) + "],"
                + " \"shippingAddress\": {\"name\": \"" + padding + "\", \"street\": \"s\", \"city\": \"c\","
                + " \"postalCode\": \"1\", \"country\": \"DE\"}}";
        given().contentType(ContentType.JSON).body(body)
                .post("/orders")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("status", equalTo(413));
        assertNothingStored();
    }

    private static final String ADDRESS = "{\"name\": \"Alice Example\", \"street\": \"1 Main Street\","
            + " \"city\": \"Springfield\", \"postalCode\": \"12345\", \"country\": \"DE\"}";

    private static String order(String customerId, String items) {
        return "{\"customerId\": \"" + customerId + "\", \"items\": [" + items + "], \"shippingAddress\": "
                + ADDRESS + "}";
    }

    private static String item(String sku, int quantity) {
        return "{\"sku\": \"" + sku + "\", \"quantity\": " + quantity + "}";
    }

    private void assertNothingStored() throws SQLException {
        assertThat(count("select count(*) from orders")).isEqualTo(ordersBefore);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outboxBefore);
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    private List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
