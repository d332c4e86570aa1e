package org.ordersaga.payment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class PaymentResourceTest {

    @Test
    void seededCustomersHaveTheirCredit() {
        given().get("/customers/cust-broke/credit").then().statusCode(200).body("availableCents", equalTo(0));
        given().get("/customers/cust-nobody/credit").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPaymentQueryNeedsAnOrderId() {
        given().get("/payments").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("orderId", "no-such-order").get("/payments").then().statusCode(404);
    }
}
