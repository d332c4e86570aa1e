package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.order.service.ParticipantStub.Answer;
import org.ordersaga.order.service.ParticipantStub.Call;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Defect 1 in the synchronous chain: fulfillment may commit a shipment and answer only after the chain's timeout
 * (latency after the commit). The chain then rejects the order, so it must cancel the shipment it may have
 * scheduled, before voiding and releasing. The stubbed participants of SyncRecoveryTest.
 */
@QuarkusTest
@TestProfile(SyncPivotTimeoutTest.SlowFulfillment.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class SyncPivotTimeoutTest {

    /** SyncRecoveryTest's stubs; a short fulfillment timeout and a breaker that never opens here. */
    public static class SlowFulfillment extends SyncRecoveryTest.StubbedParticipants {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("org.ordersaga.order.client.FulfillmentCalls/Timeout/value", "700");
            config.put("org.ordersaga.order.client.FulfillmentCalls/CircuitBreaker/requestVolumeThreshold", "1000");
            return config;
        }
    }

    @AfterEach
    void resetStub() {
        ParticipantStub.reset();
    }

    @Test
    void aScheduleThatAnswersAfterTheTimeoutIsCancelledBeforeTheOrderIsRejected() {
        // Every attempt outlives the 700 ms timeout: each may have scheduled the shipment.
        ParticipantStub.answer("schedule-shipment", new Answer(200, "{\"type\":\"ShipmentScheduled\"}", 1500));

        String orderId = placeSyncOrder().then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("SCHEDULE_SHIPMENT_TIMED_OUT"))
                .extract().path("orderId");

        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key).containsSubsequence(
                orderId + ":schedule-shipment", orderId + ":cancel-shipment", orderId + ":void-payment",
                orderId + ":release-inventory");
    }

    @Test
    void aScheduleThatOnlyGotErrorAnswersIsNotCancelled() {
        ParticipantStub.answer("schedule-shipment", Answer.unavailable());

        String orderId = placeSyncOrder().then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("SCHEDULE_SHIPMENT_UNAVAILABLE"))
                .extract().path("orderId");

        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key)
                .contains(orderId + ":void-payment", orderId + ":release-inventory")
                .doesNotContain(orderId + ":cancel-shipment");
    }

    @Test
    void aRejectedShipmentHasNothingToCancel() {
        ParticipantStub.answer("schedule-shipment",
                Answer.ok("{\"type\":\"ShipmentRejected\",\"reason\":\"UNDELIVERABLE_ADDRESS\"}"));

        String orderId = placeSyncOrder().then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("UNDELIVERABLE_ADDRESS"))
                .extract().path("orderId");

        assertThat(ParticipantStub.callsFor(orderId)).extracting(Call::key)
                .doesNotContain(orderId + ":cancel-shipment");
    }

    private static io.restassured.response.Response placeSyncOrder() {
        return given().contentType(ContentType.JSON).queryParam("mode", "sync").body("""
                {"customerId": "cust-alice", "items": [{"sku": "SKU-BOOK", "quantity": 1}],
                 "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Berlin", "postalCode": "10115",
                                     "country": "DE"}}""").post("/orders");
    }
}
