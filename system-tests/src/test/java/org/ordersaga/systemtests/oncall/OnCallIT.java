package org.ordersaga.systemtests.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.Metrics;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.saga.SagaStack;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.TestData;
import org.ordersaga.systemtests.support.TopicReader;
import org.ordersaga.testsupport.PlatformProcess;
import org.ordersaga.testsupport.browser.HeadlessChromium;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 5 on one real stack (Zipkin on; NOTIFY_CONFIRMED gets a 500 ms deadline, 4 sends in 7.5 s): what an on-call
 * engineer does with a trace ID, an order ID or a saga ID. The two groups share the stack because starting one costs
 * more than their tests. Each test places its own orders for customers and products of its own ({@link TestData}), so
 * the tests run in any order.
 */
class OnCallIT {
    static final Path DATA_DIR = Path.of("target/it-oncall").toAbsolutePath();
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final List<String> SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "fulfillment-service", "notification-service", "saga-orchestrator");
    static final String ORCHESTRATOR = "saga-orchestrator";
    /** Each topic's consuming service and the service whose span wrote the record (null: any participant). */
    static final Map<String, List<String>> CONSUMER_AND_PRODUCER = Map.of(
            "order-events", List.of(ORCHESTRATOR, "order-service"),
            "inventory-commands", List.of("inventory-service", ORCHESTRATOR),
            "payment-commands", List.of("payment-service", ORCHESTRATOR),
            "fulfillment-commands", List.of("fulfillment-service", ORCHESTRATOR),
            "order-commands", List.of("order-service", ORCHESTRATOR),
            "notification-commands", List.of("notification-service", ORCHESTRATOR),
            "saga-replies", List.of(ORCHESTRATOR));
    static final String OPERATOR = basic("operator", "operator");
    static final String VIEWER = basic("viewer", "viewer");
    static final List<String> FORWARD_STEPS = List.of("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT", "SCHEDULE_SHIPMENT",
            "SETTLE_INVENTORY", "CAPTURE_PAYMENT", "APPROVE_ORDER", "NOTIFY_CONFIRMED");
    static final Path SCREENSHOT = Path.of("target/screenshots/console-saga.png");
    static final String REASON = "{\"reason\": \"notification-service redeployed after the outage\"}";

    record PlacedOrder(String orderId, String traceId, String sagaId) {
    }

    static PlatformProcess platform;
    static SagaStack stack;
    static TestData data;
    static String orchestratorUrl;

    @BeforeAll
    static void startPlatform() {
        platform = PlatformProcess.start(DATA_DIR, List.of("up", "--clean", "--pg-port", "0", "--kafka-port", "0",
                "--zipkin-port", "0", "--service-port-offset", "3000",
                "--service-option", "-Dordersaga.orchestrator.deadlines.step-timeouts.NOTIFY_CONFIRMED=500ms",
                "--service-option", "-Dordersaga.orchestrator.metrics.refresh-every=1s"));
        stack = new SagaStack(platform);
        data = new TestData(platform);
        orchestratorUrl = platform.serviceUrl("orchestrator");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** What a failed test may have left: notification-service stopped, payment's message handling broken. */
    @AfterEach
    void restoreTheStack() {
        platform.command("start notification");
        faults("DELETE", null);
    }

    /**
     * One trace per order across the six services and the outbox → CDC → Kafka hops (acceptance 1), the order's log
     * lines found in every service by one grep on its trace ID (5), and poison messages on {@code payment-commands}
     * dead-lettered while consumption goes on, with a replay after the fix processed once (4).
     */
    @Nested
    class TracesLogsAndDeadLetters {

        @Test
        void oneTraceHoldsAllSixServicesAndEveryConsumerSpanContinuesTheSpanThatWroteTheRecord() {
            PlacedOrder order = placeCompletedOrder(data.customer("alice"), data.product("pen", 150));

            JsonNode trace = Poll.until("spans of all six services, each consumed topic and every consumer's parent",
                    TIMEOUT, () -> JsonHttp.get(platform.zipkinUrl() + "/api/v2/trace/" + order.traceId()).body(),
                    spans -> services(spans).containsAll(SERVICES)
                            && consumedTopics(spans).containsAll(CONSUMER_AND_PRODUCER.keySet())
                            && consumerSpans(spans).stream().allMatch(span -> parent(spans, span) != null));

            for (JsonNode span : consumerSpans(trace)) {
                String topic = span.path("name").asText().split(" ")[0];
                List<String> consumerAndProducer = CONSUMER_AND_PRODUCER.get(topic);
                assertThat(consumerAndProducer).as("consumed topic %s", topic).isNotNull();
                assertThat(service(span)).as("consumer of %s", topic).isEqualTo(consumerAndProducer.get(0));
                String producer = service(parent(trace, span));
                if (topic.equals("saga-replies")) {
                    assertThat(producer).as("writer of a reply").isIn(SERVICES).isNotEqualTo(ORCHESTRATOR);
                } else {
                    assertThat(producer).as("writer of %s", topic).isEqualTo(consumerAndProducer.get(1));
                }
            }
        }

        @Test
        void oneGrepOnTheTraceIdFindsTheOrdersLinesInEveryServiceWithOrderAndSagaIds() {
            PlacedOrder order = placeCompletedOrder(data.customer("alice"), data.product("pen", 150));
            String ids = "trace=" + order.traceId() + " order=" + order.orderId() + " saga=" + order.sagaId();
            // a service may write its last line of the order a moment after the saga completed
            Map<String, List<String>> traceLines = Poll.until("a line with " + ids + " in every service's log",
                    TIMEOUT, () -> linesOfTrace(order.traceId()), byService -> byService.values().stream()
                            .allMatch(lines -> lines.stream().anyMatch(line -> line.contains(ids))));
            for (String service : SERVICES) {
                List<String> lines = traceLines.get(service);
                assertThat(lines).as("%s lines with trace %s", service, order.traceId())
                        .anySatisfy(line -> assertThat(line).contains(ids));
                assertThat(lines).as("%s lines of the trace naming an order name this one", service)
                        .filteredOn(line -> !line.contains(" order= "))
                        .allSatisfy(line -> assertThat(line).contains("order=" + order.orderId()));
            }
        }

        @Test
        void poisonMessagesAreDeadLetteredConsumptionGoesOnAndAReplayAfterTheFixIsProcessedOnce() throws Exception {
            String bob = data.customer("bob");
            String traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
            String unreadableKey = UUID.randomUUID().toString();
            String violatingKey = UUID.randomUUID().toString();
            String fixableKey = UUID.randomUUID().toString();
            String commandId = UUID.randomUUID().toString();
            String fixablePayload = "{\"commandId\": \"" + commandId + "\", \"sagaId\": \"" + UUID.randomUUID()
                    + "\", \"orderId\": \"" + fixableKey + "\", \"customerId\": \"" + bob
                    + "\", \"amountCents\": 1234}";
            String fixableId = UUID.randomUUID().toString();

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                RecordMetadata unreadable = send(producer, unreadableKey, UUID.randomUUID().toString(),
                        "{\"commandId\": oops", traceparent);
                RecordMetadata violating = send(producer, violatingKey, UUID.randomUUID().toString(),
                        "{\"commandId\": \"" + UUID.randomUUID() + "\", \"sagaId\": \"s\", \"orderId\": \""
                                + violatingKey + "\", \"customerId\": \"" + bob + "\", \"amountCents\": \"lots\"}",
                        traceparent);
                Map<String, ConsumerRecord<String, String>> deadLetters = awaitDeadLetters(unreadableKey, violatingKey);
                assertDeadLetter(deadLetters.get(unreadableKey), "UNPARSEABLE", unreadable, traceparent);
                assertDeadLetter(deadLetters.get(violatingKey), "SCHEMA_VIOLATION", violating, traceparent);
                assertThat(TopicReader.header(deadLetters.get(violatingKey), "dead-letter-reason")).contains("amountCents");
                assertThat(metrics("payment")).as("dead.letters counted by the consumer that gave up")
                        .containsPattern(deadLetterCount("UNPARSEABLE"))
                        .containsPattern(deadLetterCount("SCHEMA_VIOLATION"));

                // payment's message handling broken: a valid command keeps failing and is dead-lettered too
                assertThat(faults("PUT", "{\"messages\": {\"errorRate\": 1.0}}").status()).isEqualTo(200);
                RecordMetadata fixable = send(producer, fixableKey, fixableId, fixablePayload, traceparent);
                assertDeadLetter(awaitDeadLetters(fixableKey).get(fixableKey), "PROCESSING_FAILED", fixable, traceparent);
                assertThat(faults("DELETE", null).status()).isEqualTo(200);
                assertThat(payment(fixableKey).status()).isEqualTo(404);

                PlacedOrder later = placeCompletedOrder(data.customer("alice"), data.product("pen", 150));
                assertThat(payment(later.orderId()).body().path("state").asText()).isEqualTo("CAPTURED");

                JsonNode listed = Poll.until("the three dead letters listed by the orchestrator", TIMEOUT,
                        () -> deadLetterItems(), items -> keys(items).containsAll(
                                List.of(unreadableKey, violatingKey, fixableKey)));
                JsonNode letter = byKey(listed, fixableKey);
                assertThat(letter.path("topic").asText()).isEqualTo("payment-commands");
                assertThat(letter.path("partition").asInt()).isEqualTo(fixable.partition());
                assertThat(letter.path("offset").asLong()).isEqualTo(fixable.offset());
                assertThat(letter.path("reason").asText()).isEqualTo("PROCESSING_FAILED");
                assertThat(letter.path("error").asText()).contains("Injected fault");
                assertThat(letter.path("headers").path("id").asText()).isEqualTo(fixableId);
                assertThat(letter.path("headers").path("traceparent").asText()).isEqualTo(traceparent);
                assertThat(letter.path("payload").asText()).isEqualTo(fixablePayload);
                assertThat(letter.path("failedAt").isNull()).isFalse();
                assertThat(letter.path("replayedAt").isNull()).isTrue();
                assertThat(byKey(listed, unreadableKey).path("reason").asText()).isEqualTo("UNPARSEABLE");
                JsonHttp.Response firstPage = read("/dead-letters?page=0&size=2");
                assertThat(firstPage.body().path("items").size()).isEqualTo(2);
                assertThat(firstPage.body().path("total").asLong()).isGreaterThanOrEqualTo(3);
                assertThat(read("/dead-letters?size=0").status()).isEqualTo(400);

                String id = letter.path("id").asText();
                assertThat(replay(id, null).status()).as("replay without credentials").isEqualTo(401);
                assertThat(replay(id, VIEWER).status()).as("replay without the operator role").isEqualTo(403);
                assertThat(byKey(deadLetterItems(), fixableKey).path("replayedAt").isNull()).isTrue();
                long bobBefore = credit(bob);

                JsonHttp.Response replayed = replay(id, OPERATOR);
                assertThat(replayed.status()).as("replay: %s", replayed.body()).isEqualTo(200);
                assertThat(replayed.body().path("replayedBy").asText()).isEqualTo("operator");
                assertThat(replayed.body().path("replayedAt").isNull()).isFalse();
                JsonNode authorization = Poll.until("the replayed authorization", TIMEOUT, () -> payment(fixableKey),
                        response -> response.status() == 200).body();
                assertThat(authorization.path("amountCents").asLong()).isEqualTo(1234);
                assertThat(authorization.path("state").asText()).isEqualTo("AUTHORIZED");
                assertThat(replay(id, OPERATOR).status()).as("second replay").isEqualTo(409);

                // the same record once more (at-least-once delivery): answered again, no second effect
                send(producer, fixableKey, fixableId, fixablePayload, traceparent);
                try (TopicReader replies = new TopicReader(platform.kafkaBootstrap(), "saga-replies")) {
                    List<ConsumerRecord<String, String>> read = replies.readUntil(
                            records -> authorizedReplies(records, fixableKey) == 2, TIMEOUT);
                    assertThat(authorizedReplies(read, fixableKey)).as("PaymentAuthorized replies").isEqualTo(2);
                }
                assertThat(credit(bob)).isEqualTo(bobBefore - 1234);
            }
        }
    }

    /**
     * The orchestrator's side: a saga found by order, saga and trace ID with every step in order (acceptance 2); the
     * console finding it by trace ID in headless Chromium, with a screenshot (6); a saga STUCK after the pivot listed,
     * counted in the metrics and retried by an operator (3); the action refused without the operator credential,
     * nothing changed (7). Issue 17: the console tells a sync order (no saga) from a saga's, and shows the rollout.
     */
    @Nested
    class SagaApiAndConsole {

        @Test
        void aSagaIsFoundByOrderIdSagaIdAndTraceIdAndItsTimelineListsEveryStepInOrder() {
            String orderId = stack.placeOrder(OrderRequest.of(data.customer("alice"), "DE", data.product("pen", 150),
                    1));
            JsonNode saga = stack.awaitSagaState(orderId, "COMPLETED", TIMEOUT);
            String sagaId = saga.path("id").asText();
            String traceId = stack.order(orderId).path("traceId").asText();
            assertThat(traceId).matches("[0-9a-f]{32}");

            JsonNode bySagaId = get("/sagas/" + sagaId);
            JsonNode byTraceId = get("/sagas?traceId=" + traceId);
            assertThat(bySagaId.path("orderId").asText()).isEqualTo(orderId);
            assertThat(byTraceId).hasSize(1);
            assertThat(byTraceId.get(0).path("id").asText()).isEqualTo(sagaId);
            assertThat(get("/sagas?orderId=" + orderId).get(0).path("id").asText()).isEqualTo(sagaId);

            assertThat(texts(bySagaId.path("steps"), "step")).containsExactlyElementsOf(FORWARD_STEPS);
            for (JsonNode step : bySagaId.path("steps")) {
                assertThat(step.path("status").asText()).as(step.toString()).isEqualTo("SUCCEEDED");
                assertThat(step.path("attempts").asInt()).isPositive();
                assertThat(step.path("durationMs").isNumber()).as("duration of %s", step).isTrue();
                assertThat(step.path("deadline").asText()).isNotBlank();
            }
            List<Integer> seqs = new ArrayList<>();
            bySagaId.path("timeline").forEach(entry -> seqs.add(entry.path("seq").asInt()));
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            List<String> replies = new ArrayList<>();
            bySagaId.path("timeline").forEach(entry -> {
                if (entry.path("kind").asText().equals("REPLY_RECEIVED")) {
                    replies.add(entry.path("step").asText());
                }
            });
            assertThat(replies).as("every step answered, in order").containsExactlyElementsOf(FORWARD_STEPS);
        }

        @Test
        void theConsoleFindsTheSagaByItsTraceIdAndShowsItsSteps() throws Exception {
            PlacedOrder approved = placeCompletedOrder(data.customer("alice"), data.product("pen", 150));
            JsonNode approvedSaga = get("/sagas/" + approved.sagaId());
            String traceId = approvedSaga.path("traceId").asText();
            try (HeadlessChromium browser = HeadlessChromium.launch(); var page = browser.newPage()) {
                openConsole(page, "");
                page.waitFor("document.getElementById('search') !== null", Duration.ofSeconds(10));
                page.evaluate("document.getElementById('search').value = '" + traceId + "'");
                page.evaluate("document.getElementById('search-button').click()");
                page.waitFor("document.querySelectorAll('#steps tbody td.step').length === " + FORWARD_STEPS.size(),
                        Duration.ofSeconds(30));

                JsonNode shown = JsonHttp.JSON.readTree(page.evaluate(
                        "Array.from(document.querySelectorAll('#steps tbody td.step')).map(td => td.textContent)"));
                List<String> steps = new ArrayList<>();
                shown.forEach(step -> steps.add(step.asText()));
                assertThat(steps).containsExactlyElementsOf(FORWARD_STEPS);
                assertThat(page.evaluate("document.getElementById('saga-id').textContent"))
                        .contains(approvedSaga.path("id").asText());
                assertThat(page.evaluate("document.getElementById('saga-state').textContent")).contains("COMPLETED");
                assertThat(text(page, "saga-mode")).isEqualTo("async (saga)");
                assertThat(page.evaluate("document.getElementById('saga-trace-link').href"))
                        .contains(platform.zipkinUrl()).contains("/zipkin/traces/" + traceId);
                assertThat(Integer.parseInt(page.evaluate("document.querySelectorAll('#timeline tbody tr').length")))
                        .isEqualTo(approvedSaga.path("timeline").size());

                page.screenshot(SCREENSHOT);
            }
            assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
        }

        @Test
        void aSagaStuckAfterThePivotIsListedCountedRefusedWithoutTheCredentialAndRetriedByAnOperator() {
            OrderRequest request = OrderRequest.of(data.customer("bob"), "DE", data.product("book", 2500), 1);
            platform.command("stop notification");
            String orderId = stack.placeOrder(request);
            JsonNode stuck = stack.awaitSagaState(orderId, "STUCK", TIMEOUT);
            String sagaId = stuck.path("id").asText();
            assertThat(stuck.path("currentStep").asText()).isEqualTo("NOTIFY_CONFIRMED");

            assertThat(texts(get("/sagas?state=STUCK&page=0&size=20").path("items"), "id")).contains(sagaId);
            assertThat(metric("sagas_stuck_total", "")).isGreaterThanOrEqualTo(1);
            Poll.until("gauge of sagas currently STUCK", TIMEOUT, () -> metric("sagas_current", "state=\"STUCK\""),
                    stuckNow -> stuckNow >= 1);

            // Acceptance 7: no credential, a wrong password or a user without the role operator: refused, nothing changed.
            String retry = orchestratorUrl + "/sagas/" + sagaId + "/retry";
            assertThat(JsonHttp.send("POST", retry, REASON).status()).isEqualTo(401);
            assertThat(JsonHttp.send("POST", retry, REASON, "Authorization", basic("operator", "guess")).status())
                    .isEqualTo(401);
            assertThat(JsonHttp.send("POST", retry, REASON, "Authorization", VIEWER).status())
                    .isEqualTo(403);
            assertThat(JsonHttp.send("POST", orchestratorUrl + "/sagas/" + sagaId + "/compensate", REASON,
                    "Authorization", VIEWER).status()).isEqualTo(403);
            JsonNode afterRefusals = get("/sagas/" + sagaId);
            assertThat(afterRefusals.path("state").asText()).isEqualTo("STUCK");
            assertThat(afterRefusals.path("version").asLong()).isEqualTo(stuck.path("version").asLong());
            assertThat(afterRefusals.path("timeline").size()).isEqualTo(stuck.path("timeline").size());

            // The operator retries (same command ID, fresh deadlines) and the participant comes back: the saga completes.
            String pendingCommand = stuck.path("pendingCommand").path("commandId").asText();
            JsonHttp.Response retried = JsonHttp.send("POST", retry, REASON, "Authorization",
                    OPERATOR);
            assertThat(retried.status()).as("retry answer: %s", retried.body()).isEqualTo(200);
            assertThat(retried.body().path("state").asText()).isEqualTo("RUNNING");
            assertThat(retried.body().path("pendingCommand").path("commandId").asText()).isEqualTo(pendingCommand);
            platform.command("start notification");
            JsonNode completed = stack.awaitSagaState(orderId, "COMPLETED", TIMEOUT);

            JsonNode action = null;
            for (JsonNode entry : completed.path("timeline")) {
                if (entry.path("kind").asText().equals("OPERATOR_RETRY")) {
                    action = entry;
                }
            }
            assertThat(action).as("the retry in the timeline").isNotNull();
            assertThat(action.path("actor").asText()).isEqualTo("operator");
            assertThat(action.path("detail").asText()).isEqualTo("notification-service redeployed after the outage");
            assertThat(action.path("step").asText()).isEqualTo("NOTIFY_CONFIRMED");
            assertThat(stack.notifications(orderId)).as("one confirmation despite the re-sends").hasSize(1);
            assertThat(texts(get("/sagas?state=stuck&size=100").path("items"), "id")).doesNotContain(sagaId);
            JsonHttp.Response late = JsonHttp.send("POST", retry, REASON, "Authorization", OPERATOR);
            assertThat(late.status()).as("a completed saga refuses the action").isEqualTo(409);
        }

        /** It changes the rollout share and puts it back: other tests' orders name no mode and must run as sagas. */
        @Test
        void theConsoleShowsASyncOrderAsTheSynchronousChainAndTheRolloutInForce() throws Exception {
            String orderService = platform.serviceUrl("order");
            JsonHttp.Response placed = JsonHttp.post(orderService + "/orders?mode=sync", "{\"customerId\": \""
                    + data.customer("alice") + "\", \"items\": [{\"sku\": \"" + data.product("pen", 150)
                    + "\", \"quantity\": 1}], \"shippingAddress\":"
                    + " {\"name\": \"On Call\", \"street\": \"1 Main St\", \"city\": \"Springfield\","
                    + " \"postalCode\": \"12345\", \"country\": \"DE\"}}");
            assertThat(placed.status()).as("POST /orders?mode=sync: %s", placed.body()).isEqualTo(201);
            String orderId = placed.body().path("orderId").asText();
            JsonHttp.Response changed = JsonHttp.send("PUT", orderService + "/admin/rollout",
                    "{\"sagaSharePercent\": 40, \"reason\": \"on-call drill\"}", "Authorization", OPERATOR);
            assertThat(changed.status()).as("PUT /admin/rollout: %s", changed.body()).isEqualTo(200);
            try {
                // The orchestrator's proxies, as the page reads them: the browser never calls order-service.
                JsonNode order = get("/console/orders/" + orderId);
                assertThat(order.path("mode").asText()).isEqualTo("sync");
                assertThat(order.path("status").asText()).isEqualTo("APPROVED");
                assertThat(get("/sagas?orderId=" + orderId)).as("a sync order has no saga").isEmpty();
                JsonNode rollout = get("/console/rollout");
                assertThat(rollout.path("sagaSharePercent").asInt()).isEqualTo(40);
                assertThat(rollout.path("source").asText()).isEqualTo("OPERATOR");
                assertThat(read("/console/orders/" + UUID.randomUUID()).status())
                        .as("an order order-service does not have").isEqualTo(404);

                try (HeadlessChromium browser = HeadlessChromium.launch(); var page = browser.newPage()) {
                    openConsole(page, "#" + orderId);
                    page.waitFor("document.getElementById('message').textContent.includes('synchronous chain')",
                            Duration.ofSeconds(30));
                    assertThat(text(page, "message")).isEqualTo("Order " + orderId
                            + " ran as the synchronous chain (no saga). Status: APPROVED.");
                    assertThat(text(page, "order-mode")).isEqualTo("sync (synchronous chain, no saga)");
                    assertThat(page.evaluate("document.getElementById('saga').hidden")).isEqualTo("true");
                    page.waitFor("document.getElementById('rollout').textContent.includes('40 %')",
                            Duration.ofSeconds(10));
                    assertThat(text(page, "rollout"))
                            .startsWith("Rollout: 40 % of new orders through the saga (set by operator at ")
                            .endsWith(": on-call drill)");
                }
            } finally {
                JsonHttp.send("DELETE", orderService + "/admin/rollout", null, "Authorization", OPERATOR);
            }
        }
    }

    /** The text of the page's element {@code id}. */
    private static String text(HeadlessChromium.Page page, String id) throws IOException {
        return JsonHttp.JSON.readTree(page.evaluate("document.getElementById('" + id + "').textContent")).asText();
    }

    private static PlacedOrder placeCompletedOrder(String customerId, String sku) {
        JsonHttp.Response placed = JsonHttp.post(platform.serviceUrl("order") + "/orders", "{\"customerId\": \""
                + customerId + "\", \"items\": [{\"sku\": \"" + sku + "\", \"quantity\": 1}], \"shippingAddress\":"
                + " {\"name\": \"On Call\", \"street\": \"1 Main St\", \"city\": \"Springfield\","
                + " \"postalCode\": \"12345\", \"country\": \"DE\"}}");
        assertThat(placed.status()).as("POST /orders: %s", placed.body()).isEqualTo(202);
        String orderId = placed.body().path("orderId").asText();
        String traceId = placed.body().path("traceId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}");
        JsonNode saga = Poll.until("saga of " + orderId + " completed", TIMEOUT,
                () -> read("/sagas?orderId=" + orderId).body(),
                sagas -> sagas.size() == 1 && sagas.get(0).path("state").asText().equals("COMPLETED")).get(0);
        assertThat(saga.path("traceId").asText()).isEqualTo(traceId);
        return new PlacedOrder(orderId, traceId, saga.path("id").asText());
    }

    /** Each service's log lines that name the trace. */
    private static Map<String, List<String>> linesOfTrace(String traceId) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String service : SERVICES) {
            try {
                lines.put(service, Files.readAllLines(DATA_DIR.resolve("logs").resolve(service + ".log")).stream()
                        .filter(line -> line.contains(traceId)).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static Set<String> services(JsonNode spans) {
        Set<String> services = new HashSet<>();
        spans.forEach(span -> services.add(service(span)));
        return services;
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asText();
    }

    private static List<JsonNode> consumerSpans(JsonNode spans) {
        List<JsonNode> consumers = new ArrayList<>();
        spans.forEach(span -> {
            if (span.path("kind").asText().equals("CONSUMER")) {
                consumers.add(span);
            }
        });
        return consumers;
    }

    private static Set<String> consumedTopics(JsonNode spans) {
        Set<String> topics = new HashSet<>();
        consumerSpans(spans).forEach(span -> topics.add(span.path("name").asText().split(" ")[0]));
        return topics;
    }

    private static JsonNode parent(JsonNode spans, JsonNode span) {
        for (JsonNode candidate : spans) {
            if (candidate.path("id").asText().equals(span.path("parentId").asText())) {
                return candidate;
            }
        }
        return null;
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String key, String id, String payload,
                                       String traceparent) throws InterruptedException, ExecutionException {
        ProducerRecord<String, String> record = new ProducerRecord<>("payment-commands", key, payload);
        record.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", "AuthorizePayment".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get();
    }

    private static Map<String, ConsumerRecord<String, String>> awaitDeadLetters(String... keys) {
        try (TopicReader reader = new TopicReader(platform.kafkaBootstrap(), "payment-commands.dead-letter")) {
            Map<String, ConsumerRecord<String, String>> byKey = new HashMap<>();
            reader.readUntil(records -> {
                records.forEach(record -> byKey.put(record.key(), record));
                return byKey.keySet().containsAll(List.of(keys));
            }, TIMEOUT);
            assertThat(byKey).as("dead letters on payment-commands.dead-letter").containsKeys(keys);
            return byKey;
        }
    }

    private static void assertDeadLetter(ConsumerRecord<String, String> deadLetter, String reason,
                                         RecordMetadata original, String traceparent) {
        assertThat(TopicReader.header(deadLetter, "dead-letter-reason-code")).isEqualTo(reason);
        assertThat(TopicReader.header(deadLetter, "dead-letter-consumer")).isEqualTo("payment-service");
        assertThat(TopicReader.header(deadLetter, "dead-letter-topic")).isEqualTo("payment-commands");
        assertThat(TopicReader.header(deadLetter, "dead-letter-partition"))
                .isEqualTo(String.valueOf(original.partition()));
        assertThat(TopicReader.header(deadLetter, "dead-letter-offset")).isEqualTo(String.valueOf(original.offset()));
        assertThat(TopicReader.header(deadLetter, "eventType")).isEqualTo("AuthorizePayment");
        assertThat(deadLetter.headers().headers("traceparent")).extracting(h -> new String(h.value(),
                StandardCharsets.UTF_8)).first().isEqualTo(traceparent);
    }

    private static JsonNode deadLetterItems() {
        JsonHttp.Response response = read("/dead-letters?size=100");
        assertThat(response.status()).as("GET /dead-letters: %s", response.body()).isEqualTo(200);
        return response.body().path("items");
    }

    private static Set<String> keys(JsonNode items) {
        Set<String> keys = new HashSet<>();
        items.forEach(item -> keys.add(item.path("key").asText()));
        return keys;
    }

    private static JsonNode byKey(JsonNode items, String key) {
        for (JsonNode item : items) {
            if (item.path("key").asText().equals(key)) {
                return item;
            }
        }
        throw new AssertionError("no dead letter with key " + key + " in " + items);
    }

    private static JsonHttp.Response replay(String id, String authorization) {
        String url = orchestratorUrl + "/dead-letters/" + id + "/replay";
        return authorization == null ? JsonHttp.send("POST", url, null)
                : JsonHttp.send("POST", url, null, "Authorization", authorization);
    }

    private static JsonHttp.Response faults(String method, String json) {
        return JsonHttp.send(method, platform.serviceUrl("payment") + "/admin/faults", json, "Authorization", OPERATOR);
    }

    private static JsonHttp.Response payment(String orderId) {
        return JsonHttp.get(platform.serviceUrl("payment") + "/payments?orderId=" + orderId);
    }

    private static long credit(String customerId) {
        return JsonHttp.get(platform.serviceUrl("payment") + "/customers/" + customerId + "/credit").body()
                .path("availableCents").asLong();
    }

    private static long authorizedReplies(List<ConsumerRecord<String, String>> records, String orderId) {
        return records.stream().filter(record -> orderId.equals(record.key()))
                .filter(record -> String.valueOf(TopicReader.header(record, "eventType")).contains("PaymentAuthorized"))
                .count();
    }

    private static String metrics(String service) {
        return Metrics.of(platform.serviceUrl(service)).text();
    }

    /** The Prometheus line of one dead.letters counter on payment-commands, at 1. */
    private static String deadLetterCount(String reason) {
        return "dead_letters_total\\{reason=\"" + reason + "\",topic=\"payment-commands\",?} 1\\.0";
    }


    private static String hex(int digits) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, digits);
    }

    private static JsonNode get(String path) {
        JsonHttp.Response response = read(path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    /** The orchestrator's samples of {@code name} whose labels contain {@code labels}, summed. */
    private static double metric(String name, String labels) {
        return Metrics.of(platform.serviceUrl("orchestrator")).sum(name, labels);
    }


    /** The orchestrator's read APIs need role viewer (or operator). */
    private static JsonHttp.Response read(String path) {
        return JsonHttp.send("GET", orchestratorUrl + path, null, "Authorization", VIEWER);
    }

    /**
     * Opens the console as the viewer. A person's browser asks for the user once; here a first load of a read API at
     * the root with the user in the URL fills Chromium's credential cache for every path of the orchestrator, which
     * the page and its API calls then send. The page itself is loaded without it: a page whose URL holds a user
     * cannot fetch.
     */
    private static void openConsole(HeadlessChromium.Page page, String fragment) {
        page.navigate(orchestratorUrl.replaceFirst("://", "://viewer:viewer@") + "/participants");
        page.navigate(orchestratorUrl + "/console/" + fragment);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
