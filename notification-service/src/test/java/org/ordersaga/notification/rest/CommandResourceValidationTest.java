package org.ordersaga.notification.rest;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.stream.Stream;

import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.OperatorCaller;
import org.ordersaga.testsupport.RefusedCommandBodies;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Notification's sync command refuses what its Kafka consumer refuses: nothing is sent or kept. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "notification"))
class CommandResourceValidationTest extends RefusedCommandBodies {

    private static final String SEND = "send-notification";

    @Override
    protected List<String> commands() {
        return List.of(SEND);
    }

    @Override
    protected Stream<BadBody> badBodies() {
        return Stream.of(
                new BadBody(SEND, "NUL in the text", notification("\"cust-alice\"", "ORDER_CONFIRMED", "Hello\\u0000"),
                        "text"),
                new BadBody(SEND, "unknown kind", notification("\"cust-alice\"", "ORDER_LOST", "Hello"), "kind"),
                new BadBody(SEND, "customerId a number", notification("7", "ORDER_CONFIRMED", "Hello"), "customerId"),
                new BadBody(SEND, "no text",
                        "{\"orderId\":\"%ORDER%\",\"customerId\":\"cust-alice\",\"kind\":\"ORDER_CONFIRMED\"}",
                        "text"));
    }

    private static String notification(String customerId, String kind, String text) {
        return "{\"orderId\":\"%ORDER%\",\"customerId\":" + customerId + ",\"kind\":\"" + kind + "\",\"text\":\""
                + text + "\"}";
    }

    @Override
    protected Object storedFor(String orderId) {
        return given().auth().preemptive().basic(OperatorCaller.USER, OperatorCaller.PASSWORD)
                .queryParam("orderId", orderId).get("/notifications").then().statusCode(200).extract().asString();
    }
}
