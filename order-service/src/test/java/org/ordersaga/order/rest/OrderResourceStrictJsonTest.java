package org.ordersaga.order.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Bodies that JSON allows but an order must not: each is a 400 problem and stores nothing, in either mode. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderResourceStrictJsonTest {

    private static final String ADDRESS = "{\"name\": \"Alice Example\", \"street\": \"1 Main Street\","
            + " \"city\": \"Springfield\", \"postalCode\": \"12345\", \"country\": \"DE\"}";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aNulCharacterInAStringIsA400NamingTheField() throws SQLException {
        String body = "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1}],"
                + " \"shippingAddress\": " + ADDRESS.replace("Alice Example", "Alice\\u0000Example") + "}";

        assertRefused(body, "async").body("errors[0].field", equalTo("shippingAddress.name"))
                .body("errors[0].message", containsString("NUL"));
        assertRefused(body, "sync");
    }

    @Test
    void aFractionalQuantityIsA400NotAnOrderForOne() throws SQLException {
        String body = "{\"customerId\": \"cust-alice\", \"items\": [{\"sku\": \"SKU-PEN\", \"quantity\": 1.5}],"
                + " \"shippingAddress\": " + ADDRESS + "}";

        assertRefused(body, "async").body("errors[0].field", equalTo("items[0].quantity"));
    }

    @Test
    void aRepeatedKeyIsA400() throws SQLException {
        String body = "{\"customerId\": \"cust-alice\", \"customerId\": \"cust-bob\", \"items\": [{\"sku\": "
                + "\"SKU-PEN\", \"quantity\": 1}], \"shippingAddress\": " + ADDRESS + "}";

        assertRefused(body, "async").body("detail", containsString("Duplicate field 'customerId'"));
    }

    private io.restassured.response.ValidatableResponse assertRefused(String body, String mode) throws SQLException {
        long orders = count("select count(*) from orders");
        long outbox = count("select count(*) from outbox.outbox_event");
        io.restassured.response.ValidatableResponse answer = given().contentType(ContentType.JSON).body(body)
                .post("/orders?mode=" + mode)
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
        assertThat(count("select count(*) from orders")).isEqualTo(orders);
        assertThat(count("select count(*) from outbox.outbox_event")).isEqualTo(outbox);
        return answer;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
