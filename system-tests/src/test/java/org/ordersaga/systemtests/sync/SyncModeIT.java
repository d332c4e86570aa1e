package org.ordersaga.systemtests.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.DevUsers;
import org.ordersaga.systemtests.support.Metrics;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.TestData;
import org.ordersaga.testsupport.PlatformProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The synchronous mode on the real stack (issue 4): both modes reach the same end states in every service; a slow
 * payment whose first attempt commits is not applied twice; an unavailable payment opens the breaker while the service
 * stays healthy and async orders wait it out; an unavailable notification degrades each mode in its own way; faults
 * change at runtime for REST and for messages. Each test makes its own customers and products ({@link TestData}), so
 * the tests run in any order.
 */
class SyncModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final List<String> PARTICIPANTS = List.of("inventory", "payment", "fulfillment", "notification");
    private static final Duration BREAKER_DELAY = Duration.ofMillis(3000);

    private static PlatformProcess platform;
    private static TestData data;

    record Answer(int status, JsonNode body, long millis, String replayed) {
    }

    @BeforeAll
    static void startPlatform() throws IOException {
        Path dataDir = Files.createTempDirectory("sync-mode-it");
        platform = PlatformProcess.start(dataDir, List.of("up", "--clean", "--pg-port", "0", "--kafka-port", "0",
                "--zipkin-port", "0", "--service-port-offset", "2000",
                "--service-option", "-Dordersaga.faults.enabled=true",
                "--service-option", "-Dorg.ordersaga.order.client.PaymentCalls/Timeout/value=1500",
                "--service-option", "-Dorg.ordersaga.order.client.PaymentCalls/CircuitBreaker/requestVolumeThreshold=4",
                "--service-option", "-Dorg.ordersaga.order.client.PaymentCalls/CircuitBreaker/delay="
                        + BREAKER_DELAY.toMillis()));
        data = new TestData(platform);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void clearFaultsAndCloseThePaymentBreaker() {
        for (String service : PARTICIPANTS) {
            send("DELETE", url(service) + "/admin/faults", null, null);
        }
        // A breaker left open, or half-open after one good trial call (two close it), opens again at the next test's
        // first failed call: sync orders through a healthy payment close it before the next test.
        String customer = data.customer("breaker-probe");
        String sku = data.product("breaker-probe", 150);
        Poll.until("payment's circuit breaker to be closed", SETTLE, () -> {
            if (!paymentBreakerClosed()) {
                placeOrder("sync", customer, sku, 1, "DE");
            }
            return paymentBreakerClosed();
        }, closed -> closed);
    }

    private static boolean paymentBreakerClosed() {
        return Metrics.of(url("order")).sum("ft_circuitbreaker_state_current", "PaymentCalls.authorize",
                "state=\"closed\"") == 1;
    }

    @Test
    void everyBranchEndsLikeTheSagaInEveryService() {
        record Case(String customer, String sku, String country, String status, String reason) {
        }
        String alice = data.customer("alice");
        String broke = data.brokeCustomer("broke");
        List<Case> cases = List.of(
                new Case(alice, data.product("book", 2500), "DE", "APPROVED", ""),
                new Case(alice, data.soldOutProduct("sold-out", 999), "DE", "REJECTED", "OUT_OF_STOCK"),
                new Case(alice, data.unknownSku(), "DE", "REJECTED", "UNKNOWN_SKU"),
                new Case(broke, data.product("pen", 150), "DE", "REJECTED", "INSUFFICIENT_CREDIT"),
                new Case(alice, data.product("lamp", 4900), "AQ", "REJECTED", "UNDELIVERABLE_ADDRESS"));
        for (Case c : cases) {
            Answer sync = placeOrder("sync", c.customer(), c.sku(), 2, c.country());
            assertThat(sync.status()).as("sync %s: %s", c, sync.body()).isEqualTo(c.status().equals("APPROVED") ? 201 : 200);
            assertThat(sync.body().path("status").asText()).isEqualTo(c.status());
            assertThat(sync.body().path("rejectionReason").asText("")).isEqualTo(c.reason());
            String syncId = sync.body().path("orderId").asText();

            Answer async = placeOrder("async", c.customer(), c.sku(), 2, c.country());
            assertThat(async.status()).isEqualTo(202);
            String asyncId = async.body().path("orderId").asText();
            Poll.until("saga of " + c + " to finish", SETTLE, () -> endState(asyncId),
                    state -> state.startsWith(c.status()) && state.contains("notifications=[ORDER_"));

            assertThat(endState(syncId)).as("end state of %s in every service", c).isEqualTo(endState(asyncId));
            if (c.status().equals("APPROVED")) {
                // One trace covers the sync order in all five services.
                String trace = platform.zipkinUrl() + "/api/v2/trace/" + sync.body().path("traceId").asText();
                Poll.until("the sync order's trace in Zipkin", SETTLE, () -> get(trace).body().findValuesAsText(
                        "serviceName"), services -> services.containsAll(List.of("order-service",
                        "inventory-service", "payment-service", "fulfillment-service", "notification-service")));
            }
        }
    }

    @Test
    void paymentSlowerThanTheClientTimeoutAuthorizesOnce() throws Exception {
        String bob = data.customer("bob");
        String book = data.product("book", 2500);
        long creditBefore = get(url("payment") + "/customers/" + bob + "/credit").body().path("availableCents")
                .asLong();
        int authorizationsBefore = authorizationsOf(bob);
        double retriesBefore = metric("ft_retry_retries_total", "PaymentCalls.authorize");
        // Payment answers 4 s late (after its effect committed); order-service gives up after 1.5 s and retries.
        putFaults("payment", "{\"rest\":{\"latencyMs\":4000}}");
        CompletableFuture<Answer> order = CompletableFuture.supplyAsync(
                () -> placeOrder("sync", bob, book, 1, "DE"));
        // Once the first attempt has committed, payment recovers: the retry must get that first answer. (Read from
        // payment's DB: its REST reads are delayed too.)
        Poll.until("the first authorization to commit", Duration.ofSeconds(30), () -> authorizationsOf(bob),
                count -> count > authorizationsBefore);
        send("DELETE", url("payment") + "/admin/faults", null, null);

        Answer answer = order.get();
        assertThat(answer.status()).as("sync order: %s", answer.body()).isEqualTo(201);
        assertThat(answer.millis()).as("the first attempt timed out").isGreaterThan(1500);
        String orderId = answer.body().path("orderId").asText();
        assertThat(get(url("payment") + "/payments?orderId=" + orderId).body().path("state").asText())
                .isEqualTo("CAPTURED");
        long creditAfter = get(url("payment") + "/customers/" + bob + "/credit").body().path("availableCents").asLong();
        assertThat(creditBefore - creditAfter).as("credit held once").isEqualTo(2500);
        assertThat(metric("ft_retry_retries_total", "PaymentCalls.authorize")).isGreaterThan(retriesBefore);

        // The repeat of the recorded key answers the first answer without a new effect.
        Answer replay = send("POST", url("payment") + "/commands/authorize-payment", orderId + ":authorize-payment",
                "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + bob + "\",\"amountCents\":2500}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.replayed()).isEqualTo("true");
        assertThat(replay.body().path("type").asText()).isEqualTo("PaymentAuthorized");
        assertThat(get(url("payment") + "/customers/" + bob + "/credit").body().path("availableCents").asLong())
                .isEqualTo(creditAfter);
        Answer noKey = send("POST", url("payment") + "/commands/authorize-payment", null, "{\"orderId\":\"x\"}");
        assertThat(noKey.status()).isEqualTo(400);
    }

    @Test
    void paymentUnavailableOpensTheBreakerWhileAsyncOrdersWait() {
        String alice = data.customer("alice");
        String pen = data.product("pen", 150);
        double openedBefore = metric("ft_circuitbreaker_opened_total", "PaymentCalls.authorize");
        putFaults("payment", "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}");
        String asyncId = placeOrder("async", alice, pen, 1, "DE").body().path("orderId").asText();

        long slowest = 0;
        long lastMillis = 0;
        for (int i = 0; i < 6; i++) {
            Answer sync = placeOrder("sync", alice, pen, 1, "DE");
            assertThat(sync.status()).as("sync order %d: %s", i, sync.body()).isEqualTo(200);
            assertThat(sync.body().path("rejectionReason").asText()).isEqualTo("AUTHORIZE_PAYMENT_UNAVAILABLE");
            String syncId = sync.body().path("orderId").asText();
            assertThat(get(url("inventory") + "/reservations?orderId=" + syncId).body().path("state").asText())
                    .isEqualTo("RELEASED");
            slowest = Math.max(slowest, sync.millis());
            lastMillis = sync.millis();
        }
        assertThat(metric("ft_circuitbreaker_opened_total", "PaymentCalls.authorize")).isGreaterThan(openedBefore);
        assertThat(lastMillis).as("fail fast once open (slowest %d ms)", slowest).isLessThan(500);

        Answer health = get(url("order") + "/q/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        Answer read = get(url("order") + "/orders/" + asyncId);
        assertThat(read.millis()).isLessThan(500);
        assertThat(read.body().path("status").asText()).isEqualTo("PENDING");

        send("DELETE", url("payment") + "/admin/faults", null, null);
        Poll.until("the async order to complete after payment returned", SETTLE,
                () -> get(url("order") + "/orders/" + asyncId).body().path("status").asText(),
                "APPROVED"::equals);
        // The sync chain recovers by itself: once the breaker's delay has passed, a trial call closes it again.
        Poll.until("sync orders to be approved again after payment returned", SETTLE,
                () -> placeOrder("sync", alice, pen, 1, "DE").status(), status -> status == 201);
    }

    @Test
    void notificationUnavailableDegradesBothModes() {
        String alice = data.customer("alice");
        String pen = data.product("pen", 150);
        putFaults("notification", "{\"rest\":{\"unavailable\":true},\"messages\":{\"unavailable\":true}}");
        Answer sync = placeOrder("sync", alice, pen, 1, "DE");
        String asyncId = placeOrder("async", alice, pen, 1, "DE").body().path("orderId").asText();
        // Sync: the order stands (approved after the pivot), the customer is not told yet (order-service's recovery
        // sweep tells them once the service is back).
        assertThat(sync.status()).as("%s", sync.body()).isEqualTo(201);
        assertThat(sync.body().path("status").asText()).isEqualTo("APPROVED");
        assertThat(sync.body().path("notificationSent").asBoolean()).isFalse();
        String syncId = sync.body().path("orderId").asText();
        // Async: the order is approved while the notification waits for the service.
        Poll.until("the async order to be approved", SETTLE,
                () -> get(url("order") + "/orders/" + asyncId).body().path("status").asText(), "APPROVED"::equals);
        assertThat(get(url("notification") + "/admin/faults").body().path("messages").path("unavailable").asBoolean())
                .isTrue();

        send("DELETE", url("notification") + "/admin/faults", null, null);
        Poll.until("the async notification to catch up", SETTLE,
                () -> get(url("notification") + "/notifications?orderId=" + asyncId).body().size(), n -> n == 1);
        Poll.until("the sync notification to catch up (recovery sweep)", SETTLE,
                () -> get(url("notification") + "/notifications?orderId=" + syncId).body().size(), n -> n == 1);
    }

    @Test
    void faultsChangeAtRuntimeForRestAndMessages() {
        String alice = data.customer("alice");
        String pen = data.product("pen", 150);
        String credit = url("payment") + "/customers/" + alice + "/credit";
        assertThat(get(credit).millis()).isLessThan(1000);

        Answer set = putFaults("payment", "{\"rest\":{\"latencyMs\":1200,\"jitterMs\":100}}");
        assertThat(set.body().path("rest").path("latencyMs").asLong()).isEqualTo(1200);
        assertThat(get(url("payment") + "/admin/faults").body().path("rest").path("jitterMs").asLong()).isEqualTo(100);
        assertThat(get(credit).millis()).isGreaterThanOrEqualTo(1200);

        putFaults("payment", "{\"rest\":{\"errorRate\":1.0}}");
        Answer failed = get(credit);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body().path("detail").asText()).contains("Injected fault");

        putFaults("payment", "{\"rest\":{\"unavailable\":true}}");
        assertThat(get(credit).status()).isEqualTo(503);
        Answer admin = get(url("payment") + "/admin/faults");
        assertThat(admin.status()).as("the admin endpoint is never faulted").isEqualTo(200);
        assertThat(admin.millis()).isLessThan(1000);

        Answer invalid = send("PUT", url("payment") + "/admin/faults", null,
                "{\"rest\":{\"errorRate\":2,\"latency\":5}}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("errors").toString()).contains("rest.errorRate", "rest.latency");
        assertThat(get(url("payment") + "/admin/faults").body().path("rest").path("unavailable").asBoolean()).isTrue();
        send("DELETE", url("payment") + "/admin/faults", null, null);
        assertThat(get(credit).status()).isEqualTo(200);

        // Messages: a delayed inventory handler shows in the reservation time; a failing fulfillment handler makes
        // the saga re-send until the fault is lifted.
        putFaults("inventory", "{\"messages\":{\"latencyMs\":3000}}");
        Answer placed = placeOrder("async", alice, pen, 1, "DE");
        String delayedId = placed.body().path("orderId").asText();
        JsonNode reservation = Poll.until("the delayed reservation", SETTLE,
                () -> get(url("inventory") + "/reservations?orderId=" + delayedId), a -> a.status() == 200).body();
        JsonNode order = get(url("order") + "/orders/" + delayedId).body();
        assertThat(Duration.between(java.time.Instant.parse(order.path("placedAt").asText()),
                java.time.Instant.parse(reservation.path("createdAt").asText())).toMillis()).isGreaterThanOrEqualTo(3000);
        send("DELETE", url("inventory") + "/admin/faults", null, null);

        putFaults("fulfillment", "{\"messages\":{\"errorRate\":1.0}}");
        String failingId = placeOrder("async", alice, pen, 1, "DE").body().path("orderId").asText();
        Poll.until("the saga to re-send ScheduleShipment", SETTLE,
                () -> get(url("orchestrator") + "/sagas?orderId=" + failingId).body().toString(),
                saga -> saga.contains("COMMAND_RESENT") && saga.contains("ScheduleShipment"));
        assertThat(get(url("fulfillment") + "/shipments?orderId=" + failingId).status()).isEqualTo(404);
        send("DELETE", url("fulfillment") + "/admin/faults", null, null);
        Poll.until("the order to complete once fulfillment handles messages again", SETTLE,
                () -> get(url("order") + "/orders/" + failingId).body().path("status").asText(), "APPROVED"::equals);
    }

    // ---- the stack as a client sees it

    /** Order status and reason, reservation, payment, shipment and notification kinds of one order. */
    private static String endState(String orderId) {
        JsonNode order = get(url("order") + "/orders/" + orderId).body();
        return order.path("status").asText() + "/" + order.path("rejectionReason").asText("") + "/"
                + order.path("totalCents").asText("") + " reservation=" + field("inventory", "/reservations", orderId)
                + " payment=" + field("payment", "/payments", orderId)
                + " shipment=" + field("fulfillment", "/shipments", orderId)
                + " notifications=" + get(url("notification") + "/notifications?orderId=" + orderId).body()
                        .findValuesAsText("kind");
    }

    private static String field(String service, String path, String orderId) {
        Answer answer = get(url(service) + path + "?orderId=" + orderId);
        return answer.status() == 404 ? "none" : answer.body().path("state").asText();
    }

    private static int authorizationsOf(String customerId) {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl("payment_db"), "payment_service",
                "payment_service");
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from authorization_hold where customer_id = ?")) {
            count.setString(1, customerId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double metric(String name, String method) {
        return Metrics.of(url("order")).sum(name, method);
    }

    private static Answer placeOrder(String mode, String customer, String sku, int quantity, String country) {
        ObjectNode body = JSON.createObjectNode().put("customerId", customer);
        body.putArray("items").addObject().put("sku", sku).put("quantity", quantity);
        body.putObject("shippingAddress").put("name", "Test Customer").put("street", "1 Main St")
                .put("city", "Springfield").put("postalCode", "12345").put("country", country);
        return send("POST", url("order") + "/orders?mode=" + mode, null, body.toString());
    }

    private static Answer putFaults(String service, String json) {
        Answer answer = send("PUT", url(service) + "/admin/faults", null, json);
        assertThat(answer.status()).as("PUT faults on %s: %s", service, answer.body()).isEqualTo(200);
        return answer;
    }

    private static String url(String service) {
        return platform.serviceUrl(service);
    }

    private static Answer get(String url) {
        return send("GET", url, null, null);
    }

    private static Answer send(String method, String url, String idempotencyKey, String json) {
        long start = System.nanoTime();
        HttpResponse<String> response = sendRaw(method, url, idempotencyKey, json);
        long millis = (System.nanoTime() - start) / 1_000_000;
        try {
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? MissingNode.getInstance() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, millis,
                    response.headers().firstValue("Idempotent-Replayed").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON from " + url + ": " + response.body(), e);
        }
    }

    /**
     * The dev user an endpoint needs: fault changes the operator, commands order-service, reads of sagas and
     * notifications (customer data) a viewer.
     */
    private static Optional<String> userFor(String url) {
        String path = URI.create(url).getPath();
        if (path.startsWith("/admin/faults")) {
            return Optional.of(DevUsers.OPERATOR);
        }
        if (path.startsWith("/commands/")) {
            return Optional.of(DevUsers.ORDER_SERVICE);
        }
        return path.startsWith("/sagas") || path.startsWith("/notifications") ? Optional.of(DevUsers.VIEWER)
                : Optional.empty();
    }

    private static HttpResponse<String> sendRaw(String method, String url, String idempotencyKey, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        userFor(url).ifPresent(authorization -> request.header("Authorization", authorization));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
