package org.ordersaga.notification.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Only order-service's user (role saga) may command notification-service, only an operator may change its faults.
 * A forged notification, without a credential (401), with a wrong password (401) or from a user without the role
 * (403), is neither sent nor kept, and does not take the order's idempotency key.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "notification"))
class CommandSecurityTest {

    private static final String SEND = "send-notification";

    @Test
    void aForgedNotificationIsRefusedAndNothingIsSent() {
        String orderId = UUID.randomUUID().toString();
        String key = orderId + ":" + SEND;
        String body = "{\"commandId\":\"" + UUID.randomUUID() + "\",\"sagaId\":\"" + UUID.randomUUID()
                + "\",\"orderId\":\"" + orderId + "\",\"customerId\":\"cust-alice\",\"kind\":\"ORDER_CONFIRMED\","
                + "\"text\":\"Your order is confirmed.\"}";

        send(given(), key, body).statusCode(401);
        send(as("order-service", "guess"), key, body).statusCode(401);
        send(as("operator", "operator"), key, body).statusCode(403);
        given().queryParam("orderId", orderId).get("/notifications").then().statusCode(200).body("$", hasSize(0));

        send(as("order-service", "order-service"), key, body).statusCode(200).body("type", equalTo("NotificationSent"));
        given().queryParam("orderId", orderId).get("/notifications").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void faultChangesNeedAnOperator() {
        given().contentType(ContentType.JSON).body("{}").put("/admin/faults").then().statusCode(401);
        given().delete("/admin/faults").then().statusCode(401);
        as("order-service", "order-service").contentType(ContentType.JSON).body("{}").put("/admin/faults").then()
                .statusCode(403);
        // The operator passes: %test has fault injection off, so the change itself is refused with 409.
        as("operator", "operator").contentType(ContentType.JSON).body("{}").put("/admin/faults").then()
                .statusCode(409);
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    private static ValidatableResponse send(RequestSpecification request, String key, String body) {
        return request.contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/commands/" + SEND)
                .then();
    }
}
