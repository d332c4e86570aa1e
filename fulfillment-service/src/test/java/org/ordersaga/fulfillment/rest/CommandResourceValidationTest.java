package org.ordersaga.fulfillment.rest;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.stream.Stream;

import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.RefusedCommandBodies;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Fulfillment's sync commands refuse what its Kafka consumer refuses: no shipment is kept. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "fulfillment"))
class CommandResourceValidationTest extends RefusedCommandBodies {

    private static final String SCHEDULE = "schedule-shipment";
    private static final String ADDRESS = "{\"name\":\"Alice\",\"street\":\"1 Main St\",\"city\":\"Springfield\","
            + "\"postalCode\":\"12345\",\"country\":\"DE\"}";
    private static final String ONE_PEN = "[{\"sku\":\"SKU-PEN\",\"quantity\":1}]";

    @Override
    protected List<String> commands() {
        return List.of(SCHEDULE, "cancel-shipment");
    }

    @Override
    protected Stream<BadBody> badBodies() {
        return Stream.of(
                new BadBody(SCHEDULE, "items null", schedule("null", ADDRESS), "items"),
                new BadBody(SCHEDULE, "fractional quantity",
                        schedule("[{\"sku\":\"SKU-PEN\",\"quantity\":0.5}]", ADDRESS), "items[0].quantity"),
                new BadBody(SCHEDULE, "NUL in the city",
                        schedule(ONE_PEN, ADDRESS.replace("Springfield", "Spring\\u0000field")),
                        "shippingAddress.city"),
                new BadBody(SCHEDULE, "no city",
                        schedule(ONE_PEN, ADDRESS.replace("\"city\":\"Springfield\",", "")), "shippingAddress.city"),
                new BadBody(SCHEDULE, "no address", "{\"orderId\":\"%ORDER%\",\"items\":" + ONE_PEN + "}",
                        "shippingAddress"));
    }

    private static String schedule(String items, String address) {
        return "{\"orderId\":\"%ORDER%\",\"items\":" + items + ",\"shippingAddress\":" + address + "}";
    }

    @Override
    protected Object storedFor(String orderId) {
        return given().queryParam("orderId", orderId).get("/shipments").then().extract().asString();
    }
}
