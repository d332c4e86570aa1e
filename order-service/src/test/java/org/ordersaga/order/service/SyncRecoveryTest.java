package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.order.client.CallAttempts;
import org.ordersaga.order.client.FulfillmentCalls;
import org.ordersaga.order.service.ParticipantStub.Answer;
import org.ordersaga.order.service.ParticipantStub.Call;
import org.ordersaga.testsupport.LocalPlatformResource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The synchronous chain against stubbed participants: what it undoes when a step fails, the settlement after the pivot,
 * and the recovery sweep that resumes a chain that stopped past the pivot or within its compensation, or decides an
 * order whose chain died before its fate was recorded.
 */
@QuarkusTest
@TestProfile(SyncRecoveryTest.StubbedParticipants.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class SyncRecoveryTest {

    /**
     * Participants stubbed; a short payment timeout; breakers that never open here; a sweep after 1 s; an order
     * without a recorded fate counts as orphaned after 6 s (longer than any chain of these tests takes).
     */
    public static class StubbedParticipants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String url = ParticipantStub.url();
            return Map.ofEntries(
                    Map.entry("quarkus.rest-client.inventory.url", url),
                    Map.entry("quarkus.rest-client.payment.url", url),
                    Map.entry("quarkus.rest-client.fulfillment.url", url),
                    Map.entry("quarkus.rest-client.notification.url", url),
                    Map.entry("org.ordersaga.order.client.PaymentCalls/Timeout/value", "700"),
                    Map.entry("org.ordersaga.order.client.PaymentCalls/CircuitBreaker/requestVolumeThreshold", "1000"),
                    Map.entry("org.ordersaga.order.client.InventoryCalls/CircuitBreaker/requestVolumeThreshold", "1000"),
                    Map.entry("ordersaga.order.sync-recovery.after", "1s"),
                    Map.entry("ordersaga.order.sync-recovery.undecided-after", "6s"));
        }
    }

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** The request's thread dies (no step failure, nothing the chain can catch): kill -9, a restart, an Error. */
    static final class ChainCrash extends Error {
        ChainCrash() {
            super("simulated crash of the chain");
        }
    }

    @AfterEach
    void resetStub() {
        ParticipantStub.reset();
    }

    @Test
    void aSyncOrderReadsBackAsPlacedInTheSyncMode() {
        String orderId = placeSyncOrder().then().statusCode(201).header("X-Order-Mode", "sync")
                .body("status", equalTo("APPROVED")).extract().path("orderId");

        status(orderId).body("mode", equalTo("sync")).body("status", equalTo("APPROVED"));
    }

    @Test
    void aCaptureThatFailsPastThePivotIsResumedUntilTheOrderIsApproved() {
        ParticipantStub.answer("capture-payment", Answer.unavailable());

        String detail = placeSyncOrder().then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("CAPTURE_PAYMENT_UNAVAILABLE")).extract().path("detail");
        String orderId = detail.substring("Order ".length(), detail.indexOf(':'));
        // The sweep keeps trying while payment is down; the order waits PENDING.
        await().atMost(RECOVERY).until(() -> count(orderId, "capture-payment") > 3);
        status(orderId).body("status", equalTo("PENDING"));

        ParticipantStub.answer("capture-payment", Answer.ok("{\"type\":\"PaymentCaptured\",\"amountCents\":2500}"));
        await().atMost(RECOVERY).untilAsserted(() -> status(orderId).body("status", equalTo("APPROVED"))
                .body("totalCents", equalTo(2500)));
        await().atMost(RECOVERY).until(() -> count(orderId, "send-notification") == 1);
        List<Call> calls = ParticipantStub.callsFor(orderId);
        assertThat(calls).filteredOn(call -> call.command().equals("capture-payment"))
                .extracting(Call::key).containsOnly(orderId + ":capture-payment");
        assertThat(calls).extracting(Call::key).contains(orderId + ":notify-order-confirmed")
                .doesNotContain(orderId + ":void-payment", orderId + ":release-inventory");
    }

    @Test
    void anAuthorizeWhoseFirstAttemptTimedOutIsUndoneAlthoughTheLastOneAnsweredAnError() {
        // Attempt 1 outlives the 700 ms timeout (it may commit late); the retries get 503.
        ParticipantStub.answer("authorize-payment", new Answer(200, "{\"type\":\"PaymentAuthorized\"}", 1500),
                Answer.unavailable());

        String orderId = placeSyncOrder().then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("AUTHORIZE_PAYMENT_UNAVAILABLE"))
                .extract().path("orderId");

        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key)
                .containsSubsequence(orderId + ":void-payment", orderId + ":release-inventory");
    }

    @Test
    void anAuthorizeThatOnlyGotErrorAnswersIsNotUndone() {
        ParticipantStub.answer("authorize-payment", Answer.unavailable());

        String orderId = placeSyncOrder().then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("AUTHORIZE_PAYMENT_UNAVAILABLE"))
                .extract().path("orderId");

        assertThat(count(orderId, "authorize-payment")).isEqualTo(3);
        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key)
                .contains(orderId + ":release-inventory").doesNotContain(orderId + ":void-payment");
    }

    @Test
    void aCompensationThatFailsIsResumedUntilTheOrderIsRejected() {
        ParticipantStub.answer("authorize-payment",
                Answer.ok("{\"type\":\"PaymentDeclined\",\"reason\":\"INSUFFICIENT_CREDIT\"}"));
        ParticipantStub.answer("release-inventory", Answer.unavailable());

        String detail = placeSyncOrder().then().statusCode(502)
                .body("detail", containsString("RELEASE_INVENTORY_UNAVAILABLE")).extract().path("detail");
        String orderId = detail.substring("Order ".length(), detail.indexOf(':'));
        status(orderId).body("status", equalTo("PENDING"));

        ParticipantStub.answer("release-inventory", Answer.ok("{\"type\":\"InventoryReleased\"}"));
        await().atMost(RECOVERY).untilAsserted(() -> status(orderId).body("status", equalTo("REJECTED"))
                .body("rejectionReason", equalTo("INSUFFICIENT_CREDIT")));
        await().atMost(RECOVERY).until(() -> count(orderId, "send-notification") == 1);
        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key).doesNotContain(orderId + ":void-payment",
                orderId + ":schedule-shipment");
    }

    @Test
    void anApprovedOrderSettlesItsStockAfterTheShipmentIsScheduled() {
        String orderId = placeSyncOrder().then().statusCode(201).body("status", equalTo("APPROVED"))
                .extract().path("orderId");

        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key).containsSubsequence(
                orderId + ":schedule-shipment", orderId + ":settle-inventory", orderId + ":capture-payment",
                orderId + ":notify-order-confirmed");
        assertThat(count(orderId, "settle-inventory")).isEqualTo(1);
    }

    @Test
    void aSettleThatFailsPastThePivotIsResumedUntilTheOrderIsApproved() {
        ParticipantStub.answer("settle-inventory", Answer.unavailable());

        String detail = placeSyncOrder().then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("SETTLE_INVENTORY_UNAVAILABLE")).extract().path("detail");
        String orderId = detail.substring("Order ".length(), detail.indexOf(':'));
        await().atMost(RECOVERY).until(() -> count(orderId, "settle-inventory") > 3);
        status(orderId).body("status", equalTo("PENDING"));

        ParticipantStub.answer("settle-inventory", Answer.ok("{\"type\":\"InventorySettled\"}"));
        await().atMost(RECOVERY).untilAsserted(() -> status(orderId).body("status", equalTo("APPROVED")));
        await().atMost(RECOVERY).until(() -> count(orderId, "send-notification") == 1);
        assertThat(ParticipantStub.callsFor(orderId)).filteredOn(call -> call.command().equals("settle-inventory"))
                .extracting(Call::key).containsOnly(orderId + ":settle-inventory");
        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key)
                .doesNotContain(orderId + ":void-payment", orderId + ":release-inventory");
    }

    @Test
    void aChainThatDiesAfterReserveAndAuthorizeIsRejectedWithEverythingUndone() {
        // The chain's thread dies calling the pivot: stock held, credit authorised, the shipment's fate unknown, and
        // nothing recorded on the order but PENDING.
        FulfillmentCalls fulfillment = ClientProxy.unwrap(Arc.container().instance(FulfillmentCalls.class).get());
        AtomicBoolean crashed = new AtomicBoolean();
        QuarkusMock.installMockForType(new FulfillmentCalls(null) {
            @Override
            public JsonNode schedule(String idempotencyKey, Object command, CallAttempts attempts) {
                if (crashed.compareAndSet(false, true)) {
                    throw new ChainCrash();
                }
                return fulfillment.schedule(idempotencyKey, command, attempts);
            }

            @Override
            public JsonNode cancel(String idempotencyKey, Object command) {
                return fulfillment.cancel(idempotencyKey, command);
            }
        }, FulfillmentCalls.class);
        List<Call> before = ParticipantStub.calls();

        placeSyncOrder(); // whatever the client gets, if anything: the request is gone
        assertThat(crashed).isTrue();
        String orderId = ParticipantStub.calls().stream().filter(call -> !before.contains(call))
                .filter(call -> call.command().equals("reserve-inventory")).findFirst().orElseThrow().orderId();
        status(orderId).body("status", equalTo("PENDING"));

        await().atMost(RECOVERY).untilAsserted(() -> status(orderId).body("status", equalTo("REJECTED"))
                .body("rejectionReason", equalTo("CHAIN_INTERRUPTED")));
        await().atMost(RECOVERY).until(() -> count(orderId, "send-notification") == 1);
        // undone as on a pivot timeout: the shipment first (it may have been scheduled), then payment, then stock
        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key).containsSubsequence(
                orderId + ":reserve-inventory", orderId + ":authorize-payment", orderId + ":cancel-shipment",
                orderId + ":void-payment", orderId + ":release-inventory", orderId + ":notify-order-rejected")
                .doesNotContain(orderId + ":capture-payment", orderId + ":settle-inventory");
    }

    private static io.restassured.response.Response placeSyncOrder() {
        return given().contentType(ContentType.JSON).queryParam("mode", "sync").body("""
                {"customerId": "cust-alice", "items": [{"sku": "SKU-BOOK", "quantity": 1}],
                 "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Berlin", "postalCode": "10115",
                                     "country": "DE"}}""").post("/orders");
    }

    private static io.restassured.response.ValidatableResponse status(String orderId) {
        return given().get("/orders/" + orderId).then().statusCode(200);
    }

    private static long count(String orderId, String command) {
        return ParticipantStub.callsFor(orderId).stream().filter(call -> call.command().equals(command)).count();
    }
}
