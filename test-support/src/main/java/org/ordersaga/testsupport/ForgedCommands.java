package org.ordersaga.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Only order-service's user ({@link SagaCaller}, role {@code saga}) may command a participant, only an operator
 * ({@link OperatorCaller}) may change its faults. A forged command, without a credential (401), with a wrong password
 * (401) or from a user without the role (403), leaves no trace: nothing is kept for the order, and the order's own
 * command afterwards is applied as if nothing had been sent. A subclass is the service's {@code @QuarkusTest}: it names
 * the forged command, the order's own one, and how to read what the service keeps for an order.
 */
public abstract class ForgedCommands {

    /** A {@code POST /commands/<name>} with {@code body}; its {@code Idempotency-Key} is the order's. */
    public record Command(String name, String body) {
    }

    /** What a forger sends for {@code orderId}: had it gone through, the real command would not apply. */
    protected abstract Command forged(String orderId);

    /** The order's own command, sent by order-service after the forged attempts. */
    protected abstract Command real(String orderId);

    /** The {@code type} of the reply that says {@link #real} was applied. */
    protected abstract String appliedReplyType();

    /** How many records the service keeps for the order (reservation, authorization, shipment, notifications). */
    protected abstract int recordsFor(String orderId);

    @Test
    void aForgedCommandIsRefusedAndTheOrdersOwnStillApplies() {
        String orderId = UUID.randomUUID().toString();
        Command forged = forged(orderId);

        send(given(), orderId, forged).statusCode(401);
        send(as(SagaCaller.USER, "guess"), orderId, forged).statusCode(401);
        send(as(OperatorCaller.USER, OperatorCaller.PASSWORD), orderId, forged).statusCode(403);
        assertThat(recordsFor(orderId)).as("records of the order after a forged %s", forged.name()).isZero();

        send(as(SagaCaller.USER, SagaCaller.PASSWORD), orderId, real(orderId))
                .statusCode(200).body("type", equalTo(appliedReplyType()));
        assertThat(recordsFor(orderId)).as("records of the order after its own command").isEqualTo(1);
    }

    @Test
    void faultChangesNeedAnOperator() {
        given().contentType(ContentType.JSON).body("{}").put("/admin/faults").then().statusCode(401);
        given().delete("/admin/faults").then().statusCode(401);
        as(SagaCaller.USER, SagaCaller.PASSWORD).contentType(ContentType.JSON).body("{}").put("/admin/faults").then()
                .statusCode(403);
        // The operator passes: %test has fault injection off, so the change itself is refused with 409.
        as(OperatorCaller.USER, OperatorCaller.PASSWORD).contentType(ContentType.JSON).body("{}").put("/admin/faults")
                .then().statusCode(409);
    }

    /** The ids every command carries, as JSON members: a new command and saga, the given order. */
    protected static String ids(String orderId) {
        return "\"commandId\":\"" + UUID.randomUUID() + "\",\"sagaId\":\"" + UUID.randomUUID() + "\",\"orderId\":\""
                + orderId + "\"";
    }

    /** 1 if {@code GET <path>?orderId=} finds the order's record, 0 if it answers 404. */
    protected static int foundAt(String path, String orderId) {
        int status = given().queryParam("orderId", orderId).get(path).then()
                .statusCode(anyOf(equalTo(200), equalTo(404))).extract().statusCode();
        return status == 200 ? 1 : 0;
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    private static ValidatableResponse send(RequestSpecification request, String orderId, Command command) {
        return request.contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":" + command.name())
                .body(command.body()).post("/commands/" + command.name()).then();
    }
}
