package org.ordersaga.order.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The recovery sweep round by round (the scheduled one is off, the test runs each round): a participant that stays
 * blocked does not starve the orders that owe other participants, and two sweeps at once (two replicas) never drive
 * the same order. At most two orders per round, so that a starving queue shows within a few rounds.
 */
@QuarkusTest
@TestProfile(SyncRecoverySweepTest.ManualRounds.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class SyncRecoverySweepTest {

    /** SyncRecoveryTest's stubs; no scheduled sweep; two orders per round. */
    public static class ManualRounds extends SyncRecoveryTest.StubbedParticipants {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("ordersaga.order.sync-recovery.every", "off");
            config.put("ordersaga.order.sync-recovery.batch-size", "2");
            return config;
        }
    }

    private static final String CAPTURED = "{\"type\":\"PaymentCaptured\",\"amountCents\":2500}";
    /** Past ordersaga.order.sync-recovery.after (1 s): what the chains left is due. */
    private static final long PAST_AFTER_MILLIS = 1_300;

    @Inject
    SyncRecoverySweep sweep;

    @AfterEach
    void resetStub() {
        ParticipantStub.reset();
    }

    @Test
    void aBlockedParticipantDoesNotStarveOrdersThatOweAnother() throws InterruptedException {
        // Three approved orders owe their confirmation to a notification service that stays down...
        ParticipantStub.answer("send-notification", Answer.unavailable());
        List<String> blocked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blocked.add(placeSync().then().statusCode(201).body("notificationSent", equalTo(false))
                    .extract().path("orderId"));
        }
        // ...and a younger one owes its capture to payment, which is back.
        ParticipantStub.answer("capture-payment", Answer.unavailable());
        String owingCapture = orderIdOf(placeSync().then().statusCode(502).extract().response());
        ParticipantStub.answer("capture-payment", Answer.ok(CAPTURED));
        Thread.sleep(PAST_AFTER_MILLIS);

        int rounds = 0;
        while (rounds < 8 && !"APPROVED".equals(statusOf(owingCapture))) {
            sweep.sweep();
            rounds++;
        }

        assertThat(statusOf(owingCapture)).as("the order owing a capture after %d rounds", rounds)
                .isEqualTo("APPROVED");
        for (String order : blocked) {
            assertThat(statusOf(order)).isEqualTo("APPROVED");
        }
    }

    @Test
    void twoSweepsAtOnceDriveEachOrderOnce() throws Exception {
        // Six orders owe a release (their compensation failed); release now works, slowly, so the sweeps overlap.
        ParticipantStub.answer("authorize-payment",
                Answer.ok("{\"type\":\"PaymentDeclined\",\"reason\":\"INSUFFICIENT_CREDIT\"}"));
        ParticipantStub.answer("release-inventory", Answer.unavailable());
        List<String> owing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            owing.add(orderIdOf(placeSync().then().statusCode(502).extract().response()));
        }
        ParticipantStub.answer("release-inventory", new Answer(200, "{\"type\":\"InventoryReleased\"}", 300));
        Map<String, Long> releasesBefore = releases(owing);
        Thread.sleep(PAST_AFTER_MILLIS);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> replicas = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            replicas.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int round = 0; round < 10 && !owing.stream().allMatch(id -> "REJECTED".equals(statusOf(id)));
                        round++) {
                    sweep.sweep();
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        Map<String, Long> releasesAfter = releases(owing);
        for (String order : owing) {
            assertThat(statusOf(order)).isEqualTo("REJECTED");
            assertThat(releasesAfter.get(order) - releasesBefore.get(order))
                    .as("releases of %s by the two sweeps", order).isEqualTo(1);
        }
    }

    private static Map<String, Long> releases(List<String> orders) {
        List<Call> calls = ParticipantStub.calls();
        return orders.stream().collect(Collectors.toMap(Function.identity(), order -> calls.stream()
                .filter(call -> call.key().equals(order + ":release-inventory")).count()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String orderIdOf(Response incomplete) {
        String detail = incomplete.path("detail");
        return detail.substring("Order ".length(), detail.indexOf(':'));
    }

    private static String statusOf(String orderId) {
        return given().get("/orders/" + orderId).then().statusCode(200).extract().path("status");
    }

    private static Response placeSync() {
        return given().contentType(ContentType.JSON).queryParam("mode", "sync").body("""
                {"customerId": "cust-alice", "items": [{"sku": "SKU-BOOK", "quantity": 1}],
                 "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Berlin", "postalCode": "10115",
                                     "country": "DE"}}""").post("/orders");
    }
}
