package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Idempotency keys are kept for the retention window (24 h), then forgotten; the orders stay. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class IdempotencyRecordRetentionTest {

    @Inject
    IdempotencyRecordRetention retention;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aKeyOlderThanTheRetentionIsForgottenAndAYoungerOneKept() throws SQLException {
        String expired = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        String expiredOrder = place(expired).then().statusCode(202).extract().path("orderId");
        String keptOrder = place(kept).then().statusCode(202).extract().path("orderId");
        firstUsedHoursAgo(expired, 25);
        firstUsedHoursAgo(kept, 23);

        assertThat(retention.deleteExpired()).isPositive();

        place(expired).then().statusCode(202).header("Idempotent-Replayed", nullValue())
                .body("orderId", not(equalTo(expiredOrder)));
        place(kept).then().statusCode(202).header("Idempotent-Replayed", "true").body("orderId", equalTo(keptOrder));
        given().get("/orders/" + expiredOrder).then().statusCode(200);
    }

    private static Response place(String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("""
                {"customerId": "cust-bob", "items": [{"sku": "SKU-LAMP", "quantity": 1}], "shippingAddress":
                 {"name": "Bob Example", "street": "2 Side Street", "city": "Springfield", "postalCode": "12345",
                  "country": "DE"}}""").post("/orders");
    }

    private void firstUsedHoursAgo(String key, int hours) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("update idempotency_record"
                        + " set created_at = now() - make_interval(hours => ?) where idempotency_key = ?")) {
            update.setInt(1, hours);
            update.setString(2, key);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
