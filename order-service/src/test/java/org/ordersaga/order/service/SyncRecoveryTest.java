package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.order.service.ParticipantStub.Answer;
import org.ordersaga.order.service.ParticipantStub.Call;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The synchronous chain against stubbed participants: what it undoes when a step fails, and the recovery sweep that
 * resumes a chain that stopped past the pivot or within its compensation.
 */
@QuarkusTest
@TestProfile(SyncRecoveryTest.StubbedParticipants.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class SyncRecoveryTest {

    /** Participants stubbed; a short payment timeout; breakers that never open here; a sweep after 1 s. */
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
                    Map.entry("ordersaga.order.sync-recovery.after", "1s"));
        }
    }

    private static final Duration RECOVERY = Duration.ofSeconds(30);

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
