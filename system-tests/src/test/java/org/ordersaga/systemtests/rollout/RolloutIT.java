package org.ordersaga.systemtests.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.DevUsers;
import org.ordersaga.systemtests.support.Metrics;
import org.ordersaga.bench.compare.RolloutRule;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.TestData;
import org.ordersaga.testsupport.PlatformProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rollout switch on the real stack (issue 17): orders that name no mode, the saga share at 30 %.
 * <p>
 * The 1,000 orders ({@code -Drollout.orders} changes it), placed at 10 a second ({@code -Drollout.rate}) from
 * eight clients after half a minute's warm-up in both modes: on a small machine a cold stack or an unpaced burst makes the
 * chain's calls outlast their 2 s timeouts, its circuit breakers open and approvable orders are rejected (seen here
 * with eight unpaced clients, and at 15 a second ten seconds after the start), which this test is not about. The choice is deterministic, so the test computes from each order's Idempotency-Key which orders the
 * documented rule sends to the saga and asserts that exactly those ran as sagas; the ±5 % band then holds for these
 * fixed keys.
 * <p>
 * Every order of either mode must end as its data says in every service: approvable ones approved with stock settled,
 * the payment captured and one confirmation; the designed rejections rejected with their reason, nothing held, one
 * rejection notice; a saga for each saga order and none for a chain order. A share changed while sagas still run
 * decides the orders placed after it only.
 * <p>
 * Each test sets the share it needs and orders for customers and products of its own ({@link TestData}), so the tests
 * run in any order.
 */
class RolloutIT {

    private static final int ORDERS = Integer.getInteger("rollout.orders", 1000);
    private static final int ORDERS_PER_SECOND = Integer.getInteger("rollout.rate", 10);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = "operator:operator"; // the dev profile's, which the local platform runs

    private static PlatformProcess platform;
    private static TestData data;

    /** The customers and products of one test's orders, made for it: the seed's three customers and two SKUs. */
    record Shop(String alice, String bob, String broke, String pen, String soldOut) {
        static Shop fresh() {
            return new Shop(data.customer("alice"), data.customer("bob"), data.brokeCustomer("broke"),
                    data.product("pen", 150), data.soldOutProduct("sold-out", 999));
        }
    }

    /** What an order is made of and how it must end; index 3, 6 and 9 of every ten are the designed rejections. */
    record Kind(String customerId, String sku, String country, String status, String reason) {
        static Kind of(int index, Shop shop) {
            return switch (index % 10) {
                case 3 -> new Kind(shop.alice(), shop.soldOut(), "DE", "REJECTED", "OUT_OF_STOCK");
                case 6 -> new Kind(shop.broke(), shop.pen(), "DE", "REJECTED", "INSUFFICIENT_CREDIT");
                case 9 -> new Kind(shop.alice(), shop.pen(), "AQ", "REJECTED", "UNDELIVERABLE_ADDRESS");
                default -> new Kind(index % 2 == 0 ? shop.alice() : shop.bob(), shop.pen(), "DE", "APPROVED", "");
            };
        }

        boolean approvable() {
            return status.equals("APPROVED");
        }
    }

    /** One order placed: its key, what it is, and its answer (status, the X-Order-Mode it ran in, its id). */
    record Placed(String key, Kind kind, int status, String mode, String orderId) {
    }

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = PlatformProcess.start(Path.of("target/it-rollout").toAbsolutePath(), List.of("up", "--clean",
                "--pg-port", "0", "--kafka-port", "0", "--no-zipkin", "--service-port-offset", "4000"));
        data = new TestData(platform);
        warmUp();
    }

    /** Half a minute of both modes, named explicitly, at 5 a second: freshly started JVMs are slow at first. */
    private static void warmUp() throws Exception {
        List<String> orderIds = new ArrayList<>();
        Kind approvable = Kind.of(0, Shop.fresh());
        for (int i = 0; i < 150; i++) {
            Thread.sleep(200);
            orderIds.add(place("rollout-it-warm-up-" + i, approvable, i % 2 == 0 ? "sync" : "async").orderId());
        }
        for (String orderId : orderIds) {
            Poll.until("warm-up order " + orderId + " decided", SETTLE,
                    () -> order(orderId).path("status").asText(), status -> !status.equals("PENDING"));
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** Back to the configured share, so that no test meets one another test set (or left set by failing). */
    @AfterEach
    void resetShare() {
        JsonHttp.send("DELETE", url("order") + "/admin/rollout", null, "Authorization", basic(OPERATOR));
    }

    @Test
    void atThirtyPercentExactlyTheOrdersTheRuleChoosesRunAsSagasAndEveryOrderEndsAsItsDataSays() throws Exception {
        setShare(30, "system test: 30 %");
        long asyncAcceptedBefore = requests("rollout", "async", "202");
        long syncDecidedBefore = requests("rollout", "sync", "201") + requests("rollout", "sync", "200");
        List<String> keys = keys("rollout-it-", ORDERS);

        List<Placed> placed = placeAll(keys, Shop.fresh());

        List<String> ranAsSagas = placed.stream().filter(p -> p.mode().equals("async")).map(Placed::key).toList();
        List<String> chosenByTheRule = keys.stream().filter(key -> RolloutRule.bucketOf(key) < 30).toList();
        assertThat(ranAsSagas).as("the orders the rule sends to the saga, and only those").isEqualTo(chosenByTheRule);
        assertThat(ranAsSagas.size()).as("30 %% ± 5 %% of %d orders", keys.size())
                .isBetween(keys.size() * 25 / 100, keys.size() * 35 / 100);
        System.out.printf("rollout: %d of %d orders ran as sagas at a 30 %% share%n", ranAsSagas.size(), keys.size());
        for (Placed order : placed) {
            assertThat(order.status()).as("answer of %s", order)
                    .isEqualTo(order.mode().equals("async") ? 202 : order.kind().approvable() ? 201 : 200);
        }
        everyOrderEndsAsItsDataSays(placed);
        // Metrics label each order with its mode: the counters moved by exactly these orders.
        assertThat(requests("rollout", "async", "202") - asyncAcceptedBefore).isEqualTo(ranAsSagas.size());
        assertThat(requests("rollout", "sync", "201") + requests("rollout", "sync", "200") - syncDecidedBefore)
                .isEqualTo(keys.size() - ranAsSagas.size());
    }

    @Test
    void aShareChangedWhileSagasRunDecidesOnlyTheOrdersPlacedAfterIt() throws Exception {
        Shop shop = Shop.fresh();
        setShare(30, "system test: before the change");
        List<String> beforeKeys = keys("rollout-it-before-", 60);
        List<Placed> before = placeAll(beforeKeys, shop);
        long stillRunning = before.stream().filter(p -> p.mode().equals("async"))
                .filter(p -> order(p.orderId()).path("status").asText().equals("PENDING")).count();

        JsonNode changed = setShare(70, "system test: the next step");
        List<String> afterKeys = keys("rollout-it-after-", 60);
        List<Placed> after = placeAll(afterKeys, shop);

        assertThat(changed.path("sagaSharePercent").asInt()).isEqualTo(70);
        assertThat(changed.path("changedBy").asText()).isEqualTo("operator");
        assertThat(modes(before)).as("orders placed before the change: the old share's choice")
                .isEqualTo(expectedModes(beforeKeys, 30));
        assertThat(modes(after)).as("orders placed after it: the new share's").isEqualTo(expectedModes(afterKeys, 70));
        System.out.printf("rollout: %d of the earlier saga orders were still PENDING when the share changed%n",
                stillRunning);
        List<Placed> all = new ArrayList<>(before);
        all.addAll(after);
        everyOrderEndsAsItsDataSays(all);

        JsonNode reset = JsonHttp.send("DELETE", url("order") + "/admin/rollout", null,
                "Authorization", basic(OPERATOR)).body();
        assertThat(reset.path("source").asText()).isEqualTo("CONFIG");
        assertThat(reset.path("sagaSharePercent").asInt()).as("the dev profile's default: every order async")
                .isEqualTo(100);
    }

    private void everyOrderEndsAsItsDataSays(List<Placed> placed) {
        for (Placed order : placed) {
            Poll.until("order " + order.orderId() + " decided and notified", SETTLE, () -> ended(order), done -> done);
        }
        SoftAssertions soft = new SoftAssertions();
        for (Placed order : placed) {
            String id = order.orderId();
            Kind kind = order.kind();
            JsonNode view = order(id);
            soft.assertThat(view.path("status").asText()).as("%s status", order).isEqualTo(kind.status());
            soft.assertThat(view.path("rejectionReason").asText("")).as("%s reason", order).isEqualTo(kind.reason());
            String reservation = stateOf(url("inventory") + "/reservations?orderId=" + id);
            String payment = stateOf(url("payment") + "/payments?orderId=" + id);
            if (kind.approvable()) {
                soft.assertThat(reservation).as("%s reservation", order).isEqualTo("SETTLED");
                soft.assertThat(payment).as("%s payment", order).isEqualTo("CAPTURED");
                soft.assertThat(view.path("totalCents").asLong()).as("%s total", order).isEqualTo(150);
            } else {
                soft.assertThat(reservation).as("%s reservation", order).isIn("none", "RELEASED");
                soft.assertThat(payment).as("%s payment", order).isIn("none", "VOIDED");
            }
            soft.assertThat(stateOf(url("fulfillment") + "/shipments?orderId=" + id)).as("%s shipment", order)
                    .isEqualTo(kind.approvable() ? "SCHEDULED" : "none");
            soft.assertThat(notificationKinds(id)).as("%s notifications", order)
                    .containsExactly(kind.approvable() ? "ORDER_CONFIRMED" : "ORDER_REJECTED");
            JsonNode sagas = JsonHttp.send("GET", url("orchestrator") + "/sagas?orderId=" + id, null,
                    "Authorization", DevUsers.VIEWER).body();
            if (order.mode().equals("async")) {
                soft.assertThat(sagas.size()).as("%s saga", order).isEqualTo(1);
                soft.assertThat(sagas.path(0).path("state").asText()).as("%s saga state", order)
                        .isEqualTo(kind.approvable() ? "COMPLETED" : "REJECTED");
            } else {
                soft.assertThat(sagas.size()).as("%s ran as the chain: no saga", order).isZero();
            }
        }
        soft.assertAll();
    }

    /** Decided, and its one notification sent (a saga sends it after the decision). */
    private boolean ended(Placed order) {
        String status = order(order.orderId()).path("status").asText();
        return Set.of("APPROVED", "REJECTED").contains(status) && notificationKinds(order.orderId()).size() == 1;
    }

    /** Places the orders at a steady rate from eight clients, none naming a mode, each with its Idempotency-Key. */
    private List<Placed> placeAll(List<String> keys, Shop shop) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Placed>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                Kind kind = Kind.of(i, shop);
                long due = start + i * 1_000_000_000L / ORDERS_PER_SECOND;
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                answers.add(clients.submit(() -> place(key, kind, null)));
            }
            List<Placed> placed = new ArrayList<>();
            for (Future<Placed> answer : answers) {
                placed.add(answer.get());
            }
            return placed;
        } finally {
            clients.shutdownNow();
        }
    }

    /** {@code mode} null: the order names none, and the rollout switch chooses. */
    private static Placed place(String key, Kind kind, String mode) {
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("customerId", kind.customerId());
        body.putArray("items").addObject().put("sku", kind.sku()).put("quantity", 1);
        body.putObject("shippingAddress").put("name", "Rollout Customer").put("street", "1 Main St")
                .put("city", "Springfield").put("postalCode", "12345").put("country", kind.country());
        JsonHttp.Response answer = mode == null
                ? JsonHttp.send("POST", url("order") + "/orders", body.toString(), "Idempotency-Key", key)
                : JsonHttp.send("POST", url("order") + "/orders", body.toString(), "Idempotency-Key", key,
                        "X-Order-Mode", mode);
        assertThat(answer.header("X-Order-Mode")).as("mode of the order with key %s: %s", key, answer.body())
                .isIn("sync", "async");
        String orderId = answer.body().path("orderId").asText(null);
        assertThat(orderId).as("order id in %s", answer.body()).isNotNull();
        return new Placed(key, kind, answer.status(), answer.header("X-Order-Mode"), orderId);
    }

    private static JsonNode setShare(int percent, String reason) {
        String body = JsonHttp.JSON.createObjectNode().put("sagaSharePercent", percent).put("reason", reason)
                .toString();
        JsonHttp.Response answer = JsonHttp.send("PUT", url("order") + "/admin/rollout", body,
                "Authorization", basic(OPERATOR));
        assertThat(answer.status()).as("PUT /admin/rollout: %s", answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> UUID.nameUUIDFromBytes((prefix + i).getBytes(StandardCharsets.UTF_8)).toString())
                .toList();
    }

    private static List<String> modes(List<Placed> placed) {
        return placed.stream().map(Placed::mode).toList();
    }

    private static List<String> expectedModes(List<String> keys, int sagaSharePercent) {
        return keys.stream().map(key -> RolloutRule.bucketOf(key) < sagaSharePercent ? "async" : "sync").toList();
    }

    private static JsonNode order(String orderId) {
        JsonHttp.Response answer = JsonHttp.get(url("order") + "/orders/" + orderId);
        assertThat(answer.status()).as("GET order %s", orderId).isEqualTo(200);
        return answer.body();
    }

    /** The {@code state} at a participant's read API, or "none" when it has nothing for the order. */
    private static String stateOf(String readUrl) {
        JsonHttp.Response answer = JsonHttp.get(readUrl);
        if (answer.status() == 404) {
            return "none";
        }
        assertThat(answer.status()).as("GET %s: %s", readUrl, answer.body()).isEqualTo(200);
        return answer.body().path("state").asText();
    }

    private static List<String> notificationKinds(String orderId) {
        List<String> kinds = new ArrayList<>();
        JsonHttp.send("GET", url("notification") + "/notifications?orderId=" + orderId, null,
                "Authorization", DevUsers.VIEWER).body()
                .forEach(notification -> kinds.add(notification.path("kind").asText()));
        return kinds;
    }

    /** order-service's {@code order_requests_total} for one label set (0 before the first such request). */
    private static long requests(String chosenBy, String mode, String status) {
        return (long) Metrics.of(url("order")).sum("order_requests_total", "chosen_by=\"" + chosenBy + "\"",
                "mode=\"" + mode + "\"", "status=\"" + status + "\"");
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String url(String service) {
        return platform.serviceUrl(service);
    }
}
