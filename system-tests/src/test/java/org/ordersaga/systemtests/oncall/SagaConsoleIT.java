package org.ordersaga.systemtests.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ordersaga.systemtests.saga.SagaStack;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.testsupport.PlatformProcess;
import org.ordersaga.testsupport.browser.HeadlessChromium;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 5, the orchestrator's side, on the real stack (one platform): a saga found by order, saga and trace ID with
 * every step in order (acceptance 2); the console finding it by trace ID in headless Chromium, with a screenshot (6);
 * a saga STUCK after the pivot listed, counted in the metrics and retried by an operator (3); the action refused
 * without the operator credential, nothing changed (7). NOTIFY_CONFIRMED gets a 500 ms deadline (4 sends, 7.5 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaConsoleIT {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final List<String> FORWARD_STEPS = List.of("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT", "SCHEDULE_SHIPMENT",
            "CAPTURE_PAYMENT", "APPROVE_ORDER", "NOTIFY_CONFIRMED");
    static final Path SCREENSHOT = Path.of("target/screenshots/console-saga.png");
    static final String REASON = "{\"reason\": \"notification-service redeployed after the outage\"}";

    static PlatformProcess platform;
    static SagaStack stack;
    static String orchestrator;
    /** The approved order of the first test; the console test searches for its trace. */
    static JsonNode approvedSaga;

    @BeforeAll
    static void startPlatform() {
        platform = PlatformProcess.start(Path.of("target/it-console").toAbsolutePath(), List.of("up", "--clean",
                "--pg-port", "0", "--kafka-port", "0", "--zipkin-port", "0", "--service-port-offset", "3000",
                "--service-option", "-Dorchestrator.deadlines.step-timeouts.NOTIFY_CONFIRMED=500ms",
                "--service-option", "-Dorchestrator.metrics.refresh-every=1s"));
        stack = new SagaStack(platform);
        orchestrator = platform.serviceUrl("orchestrator");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void a_saga_is_found_by_order_id_saga_id_and_trace_id_and_its_timeline_lists_every_step_in_order() {
        String orderId = stack.placeOrder(OrderRequest.of("cust-alice", "DE", "SKU-PEN", 1));
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
        approvedSaga = bySagaId;
    }

    @Test
    @Order(2)
    void the_console_finds_the_saga_by_its_trace_id_and_shows_its_steps() throws Exception {
        assertThat(approvedSaga).as("saga of the first test").isNotNull();
        String traceId = approvedSaga.path("traceId").asText();
        try (HeadlessChromium browser = HeadlessChromium.launch(); var page = browser.newPage()) {
            page.navigate(orchestrator + "/console/");
            page.waitFor("document.getElementById('search') !== null", Duration.ofSeconds(10));
            page.evaluate("document.getElementById('search').value = '" + traceId + "'");
            page.evaluate("document.getElementById('search-button').click()");
            page.waitFor("document.querySelectorAll('#steps tbody td.step').length === 6", Duration.ofSeconds(30));

            JsonNode shown = JsonHttp.JSON.readTree(page.evaluate(
                    "Array.from(document.querySelectorAll('#steps tbody td.step')).map(td => td.textContent)"));
            List<String> steps = new ArrayList<>();
            shown.forEach(step -> steps.add(step.asText()));
            assertThat(steps).containsExactlyElementsOf(FORWARD_STEPS);
            assertThat(page.evaluate("document.getElementById('saga-id').textContent"))
                    .contains(approvedSaga.path("id").asText());
            assertThat(page.evaluate("document.getElementById('saga-state').textContent")).contains("COMPLETED");
            assertThat(page.evaluate("document.getElementById('saga-trace-link').href"))
                    .contains(platform.zipkinUrl()).contains("/zipkin/traces/" + traceId);
            assertThat(Integer.parseInt(page.evaluate("document.querySelectorAll('#timeline tbody tr').length")))
                    .isEqualTo(approvedSaga.path("timeline").size());

            page.screenshot(SCREENSHOT);
        }
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    @Order(3)
    void a_saga_stuck_after_the_pivot_is_listed_counted_refused_without_the_credential_and_retried_by_an_operator() {
        platform.command("stop notification");
        String orderId = stack.placeOrder(OrderRequest.of("cust-bob", "DE", "SKU-BOOK", 1));
        JsonNode stuck = stack.awaitSagaState(orderId, "STUCK", TIMEOUT);
        String sagaId = stuck.path("id").asText();
        assertThat(stuck.path("currentStep").asText()).isEqualTo("NOTIFY_CONFIRMED");

        assertThat(texts(get("/sagas?state=STUCK&page=0&size=20").path("items"), "id")).contains(sagaId);
        assertThat(metric("sagas_stuck_total", "")).isGreaterThanOrEqualTo(1);
        Poll.until("gauge of sagas currently STUCK", TIMEOUT, () -> metric("sagas_current", "state=\"STUCK\""),
                stuckNow -> stuckNow >= 1);

        // Acceptance 7: no credential, a wrong password or a user without the role operator: refused, nothing changed.
        String retry = orchestrator + "/sagas/" + sagaId + "/retry";
        assertThat(JsonHttp.send("POST", retry, REASON).status()).isEqualTo(401);
        assertThat(JsonHttp.send("POST", retry, REASON, "Authorization", basic("operator", "guess")).status())
                .isEqualTo(401);
        assertThat(JsonHttp.send("POST", retry, REASON, "Authorization", basic("viewer", "viewer")).status())
                .isEqualTo(403);
        assertThat(JsonHttp.send("POST", orchestrator + "/sagas/" + sagaId + "/compensate", REASON,
                "Authorization", basic("viewer", "viewer")).status()).isEqualTo(403);
        JsonNode afterRefusals = get("/sagas/" + sagaId);
        assertThat(afterRefusals.path("state").asText()).isEqualTo("STUCK");
        assertThat(afterRefusals.path("version").asLong()).isEqualTo(stuck.path("version").asLong());
        assertThat(afterRefusals.path("timeline").size()).isEqualTo(stuck.path("timeline").size());

        // The operator retries (same command ID, fresh deadlines) and the participant comes back: the saga completes.
        String pendingCommand = stuck.path("pendingCommand").path("commandId").asText();
        JsonHttp.Response retried = JsonHttp.send("POST", retry, REASON, "Authorization",
                basic("operator", "operator"));
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
        JsonHttp.Response late = JsonHttp.send("POST", retry, REASON, "Authorization", basic("operator", "operator"));
        assertThat(late.status()).as("a completed saga refuses the action").isEqualTo(409);
    }

    private static JsonNode get(String path) {
        JsonHttp.Response response = JsonHttp.get(orchestrator + path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    /** A sample from the Prometheus text of /q/metrics; {@code labels} is matched inside the braces (or none). */
    private static double metric(String name, String labels) {
        String text = metricsText();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(text);
        while (sample.find()) {
            if (labels.isEmpty() || (sample.group(1) != null && sample.group(1).contains(labels))) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in /q/metrics");
    }

    private static String metricsText() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(orchestrator + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
