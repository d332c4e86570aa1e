package org.ordersaga.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class InventoryResourceTest {

    @Test
    void theSeedCatalogIsListed() {
        given().get("/products").then().statusCode(200)
                .body("sku", hasItems("SKU-PEN", "SKU-BOOK", "SKU-LAMP", "SKU-SOLD-OUT"));
        given().get("/products/SKU-SOLD-OUT").then().statusCode(200)
                .body("unitPriceCents", equalTo(999)).body("available", equalTo(0))
                .body("reserved", equalTo(0)).body("settled", equalTo(0));
    }

    @Test
    void anUnknownProductIsAProblem404() {
        given().get("/products/SKU-UNKNOWN").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Product not found"))
                .body("instance", equalTo("/products/SKU-UNKNOWN"));
    }

    @Test
    void aReservationQueryNeedsAnOrderIdAndAnswers404WhenThereIsNone() {
        given().get("/reservations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("orderId"));
        given().queryParam("orderId", "no-such-order").get("/reservations").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
