package org.ordersaga.fulfillment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

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
 * Only order-service's user (role saga) may command fulfillment-service, only an operator may change its faults.
 * A forged command, without a credential (401), with a wrong password (401) or from a user without the role (403),
 * leaves no trace: the order's own command afterwards is applied as if nothing had been sent
 * (a cancel that went through would refuse it).
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "fulfillment"))
class CommandSecurityTest {

    @Test
    void aForgedCancelIsRefusedAndChangesNothing() {
        String orderId = UUID.randomUUID().toString();
        String forged = "{" + ids(orderId) + "}";
        String key = orderId + ":cancel-shipment";

        send(given(), "cancel-shipment", key, forged).statusCode(401);
        send(as("order-service", "guess"), "cancel-shipment", key, forged).statusCode(401);
        send(as("operator", "operator"), "cancel-shipment", key, forged).statusCode(403);

        String real = "{" + ids(orderId) + ",\"items\":[{\"sku\":\"SKU-PEN\",\"quantity\":1}],\"shippingAddress\":"
                + "{\"name\":\"Alice\",\"street\":\"1 Main St\",\"city\":\"Springfield\",\"postalCode\":\"12345\","
                + "\"country\":\"DE\"}}";
        send(as("order-service", "order-service"), "schedule-shipment", orderId + ":schedule-shipment", real)
                .statusCode(200).body("type", equalTo("ShipmentScheduled"));
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

    private static ValidatableResponse send(RequestSpecification request, String command, String key, String body) {
        return request.contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/commands/" + command).then();
    }

    private static String ids(String orderId) {
        return "\"commandId\":\"" + UUID.randomUUID() + "\",\"sagaId\":\"" + UUID.randomUUID() + "\",\"orderId\":\""
                + orderId + "\"";
    }
}
