package org.ordersaga.systemtests.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordersaga.systemtests.saga.SagaStack.timeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.contracts.Topics;
import org.ordersaga.systemtests.saga.SagaChecks.StockLevels;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.TestData;
import org.ordersaga.systemtests.support.TopicReader;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * The PlaceOrder saga on the real stack (PostgreSQL, Kafka, CDC relay, the six services), one platform for the class.
 * Every effect is read back through the services' own APIs. Two steps get short reply deadlines
 * (AUTHORIZE_PAYMENT before the pivot, NOTIFY_CONFIRMED after it) so the deadline cases take seconds; every other step
 * keeps the default (5 s, doubling, 4 sends), which outlasts the 30 s participant outage. Each test makes its own
 * customers and products ({@link TestData}) and checks only their stock and credit, so the tests run in any order.
 */
class PlaceOrderSagaIT {
    static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);

    static PlatformProcess platform;
    static SagaStack stack;
    static TestData data;

    @BeforeAll
    static void startPlatform() {
        platform = PlatformProcess.start(Path.of("target/it-saga").toAbsolutePath(), List.of("up", "--clean",
                "--pg-port", "0", "--kafka-port", "0", "--zipkin-port", "0", "--service-port-offset", "1000",
                "--service-option", "-Dordersaga.orchestrator.deadlines.step-timeouts.AUTHORIZE_PAYMENT=1s",
                "--service-option", "-Dordersaga.orchestrator.deadlines.step-timeouts.NOTIFY_CONFIRMED=500ms"));
        stack = new SagaStack(platform);
        data = new TestData(platform);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A test that failed with a service stopped must not leave it stopped for the next; running ones stay. */
    @AfterEach
    void startStoppedServices() {
        for (String service : List.of("orchestrator", "payment", "fulfillment", "notification")) {
            platform.command("start " + service);
        }
    }

    @Test
    void aGoodOrderIsApprovedWithEachEffectOnce() {
        String alice = data.customer("alice");
        String pen = data.product("pen", 150);
        String book = data.product("book", 2500);
        Map<String, StockLevels> stockBefore = stockLevels(pen, book);
        long creditBefore = stack.availableCredit(alice);
        OrderRequest request = OrderRequest.of(alice, "DE", pen, 2, book, 1);

        String orderId = stack.placeOrder(request);
        JsonNode saga = stack.awaitFinished(List.of(orderId), SAGA_TIMEOUT).get(orderId);

        approvedOnce(orderId, request);
        assertThat(saga.path("traceId").asText()).as("one trace from POST /orders to the saga")
                .isEqualTo(stack.order(orderId).path("traceId").asText());
        assertThat(stepsSent(saga)).containsExactly("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT", "SCHEDULE_SHIPMENT",
                "SETTLE_INVENTORY", "CAPTURE_PAYMENT", "APPROVE_ORDER", "NOTIFY_CONFIRMED");
        SagaChecks.stockConserved(stack, stockBefore, Map.of(pen, 2L, book, 1L));
        assertThat(stack.availableCredit(alice)).isEqualTo(creditBefore - totalCents(request));
    }

    @Test
    void eachDesignedFailureIsRejectedWithItsReasonAndCompensated() {
        String alice = data.customer("alice");
        String broke = data.brokeCustomer("broke");
        String pen = data.product("pen", 150);
        String lamp = data.product("lamp", 4900);
        String soldOutSku = data.soldOutProduct("sold-out", 999);
        Map<String, StockLevels> stockBefore = stockLevels(pen, lamp, soldOutSku);
        long aliceBefore = stack.availableCredit(alice);
        long brokeBefore = stack.availableCredit(broke);
        Map<String, String> reasons = new LinkedHashMap<>();
        String soldOut = stack.placeOrder(OrderRequest.of(alice, "DE", pen, 1, soldOutSku, 1));
        reasons.put(soldOut, "OUT_OF_STOCK");
        String unknownSku = stack.placeOrder(OrderRequest.of(alice, "DE", pen, 1, data.unknownSku(), 1));
        reasons.put(unknownSku, "UNKNOWN_SKU");
        String declined = stack.placeOrder(OrderRequest.of(broke, "DE", pen, 3));
        reasons.put(declined, "INSUFFICIENT_CREDIT");
        String undeliverable = stack.placeOrder(OrderRequest.of(alice, "AQ", lamp, 1, pen, 2));
        reasons.put(undeliverable, "UNDELIVERABLE_ADDRESS");

        Map<String, JsonNode> sagas = stack.awaitFinished(List.copyOf(reasons.keySet()), SAGA_TIMEOUT);

        reasons.forEach((orderId, reason) -> SagaChecks.rejectedAndCompensated(stack, orderId, reason));
        assertThat(stack.reservation(declined)).as("stock was held, then released").isPresent();
        assertThat(stack.payment(undeliverable).orElseThrow().path("state").asText()).isEqualTo("VOIDED");
        assertThat(stack.reservation(undeliverable).orElseThrow().path("state").asText()).isEqualTo("RELEASED");
        assertThat(stepsSent(sagas.get(soldOut)))
                .containsExactly("RESERVE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(stepsSent(sagas.get(declined))).containsExactly("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT",
                "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(stepsSent(sagas.get(undeliverable))).as("compensated in reverse order").containsExactly(
                "RESERVE_INVENTORY", "AUTHORIZE_PAYMENT", "SCHEDULE_SHIPMENT", "VOID_PAYMENT", "RELEASE_INVENTORY",
                "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(stockLevels(pen, lamp, soldOutSku)).as("stock back where it was").isEqualTo(stockBefore);
        assertThat(stack.availableCredit(alice)).as("no money held").isEqualTo(aliceBefore);
        assertThat(stack.availableCredit(broke)).isEqualTo(brokeBefore);
    }

    @Test
    void sagasInFlightFinishAfterTheOrchestratorRestarts() {
        String alice = data.customer("alice");
        String bob = data.customer("bob");
        String pen = data.product("pen", 150);
        String book = data.product("book", 2500);
        Map<String, StockLevels> stockBefore = stockLevels(pen, book);
        Map<String, OrderRequest> orders = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            OrderRequest request = OrderRequest.of(i % 2 == 0 ? alice : bob, "DE", pen, 1 + i);
            orders.put(stack.placeOrder(request), request);
        }
        platform.command("stop orchestrator");
        for (int i = 0; i < 4; i++) {
            OrderRequest request = OrderRequest.of(bob, "FR", book, 1 + i);
            orders.put(stack.placeOrder(request), request);
        }
        long pending = orders.keySet().stream()
                .filter(id -> stack.order(id).path("status").asText().equals("PENDING")).count();
        assertThat(pending).as("orders waiting for the stopped orchestrator").isGreaterThanOrEqualTo(4);
        platform.command("start orchestrator");

        stack.awaitFinished(List.copyOf(orders.keySet()), SAGA_TIMEOUT);

        orders.forEach((orderId, request) -> approvedOnce(orderId, request));
        SagaChecks.stockConserved(stack, stockBefore, sold(orders.values()));
    }

    @Test
    void sagasFinishAfterAParticipantWasDownFor30SecondsAndResentCommandsActOnce() throws Exception {
        String alice = data.customer("alice");
        String bob = data.customer("bob");
        String lamp = data.product("lamp", 4900);
        String pen = data.product("pen", 150);
        Map<String, StockLevels> stockBefore = stockLevels(lamp, pen);
        long aliceBefore = stack.availableCredit(alice);
        long bobBefore = stack.availableCredit(bob);
        platform.command("stop fulfillment");
        long stoppedAt = System.nanoTime();
        Map<String, OrderRequest> orders = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            OrderRequest request = OrderRequest.of(i % 2 == 0 ? alice : bob, "DE", lamp, 1, pen, 1 + i);
            orders.put(stack.placeOrder(request), request);
        }
        for (String orderId : orders.keySet()) {
            stack.awaitSaga(orderId, "waiting for the shipment", SAGA_TIMEOUT,
                    saga -> saga.path("currentStep").asText().equals("SCHEDULE_SHIPMENT"));
        }
        // The outage itself: fulfillment stays down for 30 s while the orchestrator re-sends ScheduleShipment.
        long remaining = Duration.ofSeconds(30).toNanos() - (System.nanoTime() - stoppedAt);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, remaining));
        for (String orderId : orders.keySet()) {
            assertThat(timeline(stack.saga(orderId), "COMMAND_RESENT", "SCHEDULE_SHIPMENT"))
                    .as("ScheduleShipment re-sent for %s", orderId).isNotEmpty();
        }
        platform.command("start fulfillment");

        Map<String, JsonNode> sagas = stack.awaitFinished(List.copyOf(orders.keySet()), SAGA_TIMEOUT);

        orders.forEach((orderId, request) -> approvedOnce(orderId, request));
        SagaChecks.stockConserved(stack, stockBefore, sold(orders.values()));
        assertThat(aliceBefore - stack.availableCredit(alice) + bobBefore - stack.availableCredit(bob))
                .as("each order's amount held once").isEqualTo(orders.values().stream()
                        .mapToLong(PlaceOrderSagaIT::totalCents).sum());
        for (String orderId : orders.keySet()) {
            int sends = sends(sagas.get(orderId), "SCHEDULE_SHIPMENT");
            // every copy of the command was answered; all but the first answer are ignored by the saga
            stack.awaitSaga(orderId, "ignoring the re-answered ScheduleShipment copies", SAGA_TIMEOUT,
                    saga -> ignored(saga, "ShipmentScheduled") == sends - 1);
        }
    }

    @Test
    void everyCommandAndReplyDeliveredTwiceHasOneEffect() throws Exception {
        String alice = data.customer("alice");
        String bob = data.customer("bob");
        String broke = data.brokeCustomer("broke");
        String book = data.product("book", 2500);
        String soldOutSku = data.soldOutProduct("sold-out", 999);
        String pen = data.product("pen", 150);
        String lamp = data.product("lamp", 4900);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(stack.placeOrder(OrderRequest.of(alice, "DE", book, 2)), "APPROVED");
        expected.put(stack.placeOrder(OrderRequest.of(alice, "DE", soldOutSku, 1)), "REJECTED");
        expected.put(stack.placeOrder(OrderRequest.of(broke, "DE", pen, 1)), "REJECTED");
        expected.put(stack.placeOrder(OrderRequest.of(bob, "AQ", lamp, 2)), "REJECTED");
        List<String> orderIds = List.copyOf(expected.keySet());
        Map<String, JsonNode> sagasBefore = stack.awaitFinished(orderIds, SAGA_TIMEOUT);
        Map<String, JsonNode> effectsBefore = effects(orderIds);
        Map<String, StockLevels> stockBefore = stockLevels(book, soldOutSku, pen, lamp);
        Map<String, Long> creditBefore = credits(alice, bob, broke);
        List<ConsumerRecord<String, String>> records =
                read(orderIds, Topics.ORDER_EVENTS, Topics.COMMANDS, Topics.SAGA_REPLIES);
        Set<String> types = new HashSet<>();
        records.forEach(r -> types.add(TopicReader.header(r, "eventType")));
        assertThat(types).as("every message type of the saga is delivered again").containsAll(List.of(
                "OrderPlaced", "ReserveInventory", "ReleaseInventory", "SettleInventory", "AuthorizePayment",
                "VoidPayment", "CapturePayment", "ScheduleShipment", "ApproveOrder", "RejectOrder", "SendNotification",
                "InventoryReserved", "InventoryRejected", "InventoryReleased", "InventorySettled", "PaymentAuthorized",
                "PaymentDeclined",
                "PaymentVoided", "PaymentCaptured", "ShipmentScheduled", "ShipmentRejected", "OrderApproved",
                "OrderRejected", "NotificationSent"));
        Map<String, Integer> commandsPerOrder = new HashMap<>();
        records.stream().filter(r -> Topics.COMMANDS.contains(r.topic()))
                .forEach(r -> commandsPerOrder.merge(r.key(), 1, Integer::sum));
        long repliesBefore = records.stream().filter(r -> r.topic().equals(Topics.SAGA_REPLIES)).count();

        republish(records);

        // each duplicate command is answered again (a new reply message) and the saga ignores that answer;
        // the duplicate replies themselves are dropped by the orchestrator's inbox
        for (String orderId : orderIds) {
            int before = timeline(sagasBefore.get(orderId), "REPLY_IGNORED", null).size();
            stack.awaitSaga(orderId, "ignoring " + commandsPerOrder.get(orderId) + " re-answers", SAGA_TIMEOUT,
                    saga -> timeline(saga, "REPLY_IGNORED", null).size() == before + commandsPerOrder.get(orderId));
        }
        long replies = read(orderIds, Topics.SAGA_REPLIES).stream()
                .filter(r -> r.topic().equals(Topics.SAGA_REPLIES)).count();
        assertThat(replies).as("original replies, their copies, one answer per duplicate command")
                .isEqualTo(2 * repliesBefore + commandsPerOrder.values().stream().mapToInt(Integer::intValue).sum());
        for (String orderId : orderIds) {
            JsonNode saga = stack.saga(orderId);
            JsonNode sagaBefore = sagasBefore.get(orderId);
            assertThat(saga.path("state").asText()).isEqualTo(sagaBefore.path("state").asText());
            assertThat(stack.order(orderId).path("status").asText()).isEqualTo(expected.get(orderId));
            assertThat(stepsSent(saga)).as("no command sent again").isEqualTo(stepsSent(sagaBefore));
            assertThat(timeline(saga, "STATE_CHANGED", null)).hasSameSizeAs(timeline(sagaBefore, "STATE_CHANGED", null));
            assertThat(timeline(saga, "REPLY_RECEIVED", null)).hasSameSizeAs(timeline(sagaBefore, "REPLY_RECEIVED", null));
        }
        assertThat(effects(orderIds)).as("orders, reservations, payments, shipments, notifications").isEqualTo(effectsBefore);
        assertThat(stockLevels(book, soldOutSku, pen, lamp)).isEqualTo(stockBefore);
        assertThat(credits(alice, bob, broke)).isEqualTo(creditBefore);
    }

    @Test
    void aReplyThatNeverComesBeforeThePivotCompensatesTheOrder() {
        String alice = data.customer("alice");
        String pen = data.product("pen", 150);
        Map<String, StockLevels> stockBefore = stockLevels(pen);
        long creditBefore = stack.availableCredit(alice);
        platform.command("stop payment");
        String orderId = stack.placeOrder(OrderRequest.of(alice, "DE", pen, 4));
        JsonNode compensating = stack.awaitSaga(orderId, "giving up AUTHORIZE_PAYMENT", SAGA_TIMEOUT,
                saga -> !timeline(saga, "STEP_FAILED", "AUTHORIZE_PAYMENT").isEmpty());
        assertThat(timeline(compensating, "STEP_FAILED", "AUTHORIZE_PAYMENT").get(0).path("detail").asText())
                .startsWith("AUTHORIZE_PAYMENT_TIMED_OUT");
        assertThat(sends(compensating, "AUTHORIZE_PAYMENT")).as("sends before giving up").isEqualTo(4);
        assertThat(compensating.path("state").asText()).isIn("COMPENSATING", "COMPENSATION_FAILED");
        assertThat(compensating.path("currentStep").asText()).as("the unanswered step is compensated too")
                .isEqualTo("VOID_PAYMENT");
        // payment comes back: it handles the AuthorizePayment copies, then the VoidPayment that undoes them
        platform.command("start payment");

        stack.awaitSagaState(orderId, "REJECTED", SAGA_TIMEOUT);
        SagaChecks.rejectedAndCompensated(stack, orderId, "AUTHORIZE_PAYMENT_TIMED_OUT");
        assertThat(stockLevels(pen)).as("stock released").isEqualTo(stockBefore);
        assertThat(stack.availableCredit(alice)).as("no money held").isEqualTo(creditBefore);
    }

    @Test
    void aReplyThatNeverComesAfterThePivotLeavesTheSagaStuckUntilItArrives() {
        OrderRequest request = OrderRequest.of(data.customer("bob"), "DE", data.product("lamp", 4900), 1);
        platform.command("stop notification");
        String orderId = stack.placeOrder(request);

        JsonNode stuck = stack.awaitSagaState(orderId, "STUCK", SAGA_TIMEOUT);
        assertThat(stuck.path("currentStep").asText()).isEqualTo("NOTIFY_CONFIRMED");
        assertThat(sends(stuck, "NOTIFY_CONFIRMED")).isEqualTo(4);
        assertThat(stack.order(orderId).path("status").asText()).as("nothing is undone after the pivot")
                .isEqualTo("APPROVED");
        assertThat(stack.payment(orderId).orElseThrow().path("state").asText()).isEqualTo("CAPTURED");
        platform.command("start notification");

        stack.awaitSagaState(orderId, "COMPLETED", SAGA_TIMEOUT);
        approvedOnce(orderId, request);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Forward and compensation steps in the order their commands were first sent. */
    static List<String> stepsSent(JsonNode saga) {
        return timeline(saga, "COMMAND_SENT", null).stream().map(e -> e.path("step").asText()).toList();
    }

    /** How many times the step's command went out (first send and re-sends). */
    static int sends(JsonNode saga, String step) {
        return timeline(saga, "COMMAND_SENT", step).size() + timeline(saga, "COMMAND_RESENT", step).size();
    }

    static long ignored(JsonNode saga, String replyType) {
        return timeline(saga, "REPLY_IGNORED", null).stream()
                .filter(e -> e.path("messageType").asText().equals(replyType)).count();
    }

    static Map<String, Long> sold(Iterable<OrderRequest> orders) {
        Map<String, Long> sold = new HashMap<>();
        orders.forEach(o -> o.items().forEach((sku, quantity) -> sold.merge(sku, (long) quantity, Long::sum)));
        return sold;
    }

    static Map<String, Long> credits(String... customers) {
        Map<String, Long> credits = new LinkedHashMap<>();
        for (String customer : customers) {
            credits.put(customer, stack.availableCredit(customer));
        }
        return credits;
    }

    /** These SKUs' stock only: other tests' orders (even unfinished ones of a failed test) never touch them. */
    static Map<String, StockLevels> stockLevels(String... skus) {
        Map<String, StockLevels> all = SagaChecks.stockLevels(stack);
        Map<String, StockLevels> stock = new LinkedHashMap<>();
        for (String sku : skus) {
            assertThat(all).as("products listed by inventory-service").containsKey(sku);
            stock.put(sku, all.get(sku));
        }
        return stock;
    }

    /** The catalog total of an order of this test's products (OrderRequest prices the seed catalog only). */
    static long totalCents(OrderRequest request) {
        return data.totalCents(request.items());
    }

    /** {@link SagaChecks#approvedOnce} for an order of this test's products, priced by {@link TestData}. */
    static void approvedOnce(String orderId, OrderRequest request) {
        SagaChecks.approvedOnce(stack, orderId, totalCents(request));
    }

    /** Every service's record of the orders, without the saga (whose timeline grows by the ignored replies). */
    static Map<String, JsonNode> effects(List<String> orderIds) {
        Map<String, JsonNode> effects = new LinkedHashMap<>();
        for (String orderId : orderIds) {
            effects.put(orderId + " order", stack.order(orderId));
            effects.put(orderId + " reservation", stack.reservation(orderId).orElse(null));
            effects.put(orderId + " payment", stack.payment(orderId).orElse(null));
            effects.put(orderId + " shipment", stack.shipment(orderId).orElse(null));
            effects.put(orderId + " notifications", JsonNodeFactory.instance.arrayNode()
                    .addAll(stack.notifications(orderId)));
        }
        return effects;
    }

    /** Everything the topics hold for these orders (key = order id), read from the beginning until quiet. */
    static List<ConsumerRecord<String, String>> read(List<String> orderIds, Object... topics) {
        List<String> names = new ArrayList<>();
        for (Object topic : topics) {
            if (topic instanceof List<?> list) {
                list.forEach(t -> names.add((String) t));
            } else {
                names.add((String) topic);
            }
        }
        try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), names.toArray(String[]::new))) {
            return reader.readUntilQuiet(Duration.ofSeconds(3), Duration.ofSeconds(60)).stream()
                    .filter(r -> orderIds.contains(r.key())).toList();
        }
    }

    /** Publishes each record again as it was: same topic, key, value and headers. */
    static void republish(List<ConsumerRecord<String, String>> records)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (ConsumerRecord<String, String> record : records) {
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        record.headers())).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
