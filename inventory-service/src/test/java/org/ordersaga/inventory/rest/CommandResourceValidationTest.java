package org.ordersaga.inventory.rest;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.stream.Stream;

import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.RefusedCommandBodies;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Inventory's sync commands refuse what its Kafka consumer refuses: no stock moves, no reservation is kept. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class CommandResourceValidationTest extends RefusedCommandBodies {

    private static final String RESERVE = "reserve-inventory";

    @Override
    protected List<String> commands() {
        return List.of(RESERVE, "release-inventory", "settle-inventory");
    }

    @Override
    protected Stream<BadBody> badBodies() {
        return Stream.of(
                new BadBody(RESERVE, "items null", "{\"orderId\":\"%ORDER%\",\"items\":null}", "items"),
                new BadBody(RESERVE, "no items", "{\"orderId\":\"%ORDER%\"}", "items"),
                new BadBody(RESERVE, "empty items", "{\"orderId\":\"%ORDER%\",\"items\":[]}", "items"),
                new BadBody(RESERVE, "fractional quantity",
                        "{\"orderId\":\"%ORDER%\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":1.5}]}",
                        "items[0].quantity"),
                new BadBody(RESERVE, "quantity as text",
                        "{\"orderId\":\"%ORDER%\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":\"2\"}]}",
                        "items[0].quantity"),
                new BadBody(RESERVE, "quantity zero",
                        "{\"orderId\":\"%ORDER%\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":0}]}",
                        "items[0].quantity"),
                new BadBody(RESERVE, "NUL in a SKU",
                        "{\"orderId\":\"%ORDER%\",\"items\":[{\"sku\":\"SKU-LAMP\\u0000\",\"quantity\":1}]}",
                        "items[0].sku"),
                new BadBody(RESERVE, "no SKU", "{\"orderId\":\"%ORDER%\",\"items\":[{\"quantity\":1}]}",
                        "items[0].sku"));
    }

    @Override
    protected Object storedFor(String orderId) {
        return List.of(given().get("/products/SKU-LAMP").then().statusCode(200).extract().asString(),
                given().queryParam("orderId", orderId).get("/reservations").then().extract().statusCode());
    }
}
