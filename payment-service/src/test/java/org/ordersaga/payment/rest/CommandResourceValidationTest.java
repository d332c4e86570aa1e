package org.ordersaga.payment.rest;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.stream.Stream;

import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.RefusedCommandBodies;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Payment's sync commands refuse what its Kafka consumer refuses: no credit moves, no payment is kept. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class CommandResourceValidationTest extends RefusedCommandBodies {

    private static final String AUTHORIZE = "authorize-payment";

    @Override
    protected List<String> commands() {
        return List.of(AUTHORIZE, "void-payment", "capture-payment");
    }

    @Override
    protected Stream<BadBody> badBodies() {
        return Stream.of(
                new BadBody(AUTHORIZE, "fractional amount",
                        "{\"orderId\":\"%ORDER%\",\"customerId\":\"cust-alice\",\"amountCents\":10.5}", "amountCents"),
                new BadBody(AUTHORIZE, "negative amount",
                        "{\"orderId\":\"%ORDER%\",\"customerId\":\"cust-alice\",\"amountCents\":-100}", "amountCents"),
                new BadBody(AUTHORIZE, "no amount", "{\"orderId\":\"%ORDER%\",\"customerId\":\"cust-alice\"}",
                        "amountCents"),
                new BadBody(AUTHORIZE, "customerId null",
                        "{\"orderId\":\"%ORDER%\",\"customerId\":null,\"amountCents\":100}", "customerId"),
                new BadBody(AUTHORIZE, "NUL in the customerId",
                        "{\"orderId\":\"%ORDER%\",\"customerId\":\"cust-alice\\u0000\",\"amountCents\":100}",
                        "customerId"));
    }

    @Override
    protected Object storedFor(String orderId) {
        return List.of(given().get("/customers/cust-alice/credit").then().statusCode(200).extract().asString(),
                given().queryParam("orderId", orderId).get("/payments").then().extract().statusCode());
    }
}
