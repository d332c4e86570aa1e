package org.ordersaga.notification.rest;

import static io.restassured.RestAssured.given;

import org.ordersaga.testsupport.ForgedCommands;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.OperatorCaller;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A forged notification is neither sent nor kept, and does not take the order's idempotency key from its own. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "notification"))
class CommandSecurityTest extends ForgedCommands {

    @Override
    protected Command forged(String orderId) {
        return new Command("send-notification", "{" + ids(orderId)
                + ",\"customerId\":\"cust-alice\",\"kind\":\"ORDER_CONFIRMED\",\"text\":\"Your order is confirmed.\"}");
    }

    /** What the forger sent, now from order-service under the same key. */
    @Override
    protected Command real(String orderId) {
        return forged(orderId);
    }

    @Override
    protected String appliedReplyType() {
        return "NotificationSent";
    }

    @Override
    protected int recordsFor(String orderId) {
        return given().auth().preemptive().basic(OperatorCaller.USER, OperatorCaller.PASSWORD)
                .queryParam("orderId", orderId).get("/notifications").then().statusCode(200).extract()
                .jsonPath().getList("$").size();
    }
}
