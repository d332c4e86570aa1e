package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlatformHealthTest {
    private static final Instant FAILED_AT = Instant.parse("2026-01-01T10:00:00Z");
    private static final CdcEngine.Status RUNNING = new CdcEngine.Status(CdcEngine.State.RUNNING, true, 0, 0, null, null);
    private static final CdcEngine.Status RESTARTING = new CdcEngine.Status(CdcEngine.State.RESTARTING, false, 3, 2,
            "IllegalStateException: Kafka refused outbox event e1 of order o1 for topic order-events", FAILED_AT);

    @Test
    void the_relay_is_up_only_while_every_engine_runs_connected() {
        assertThat(PlatformHealth.healthy(Map.of("order_db", RUNNING, "payment_db", RUNNING))).isTrue();
        assertThat(PlatformHealth.healthy(Map.of("order_db", RUNNING, "payment_db", RESTARTING))).isFalse();
        assertThat(PlatformHealth.healthy(Map.of("order_db",
                new CdcEngine.Status(CdcEngine.State.RUNNING, false, 0, 0, null, null)))).as("disconnected").isFalse();
        assertThat(PlatformHealth.healthy(Map.of("order_db",
                new CdcEngine.Status(CdcEngine.State.STOPPED, false, 0, 0, null, null)))).as("stopped").isFalse();
        assertThat(PlatformHealth.healthy(Map.of())).as("no engine at all").isFalse();
    }

    @Test
    void health_answers_200_when_up_and_503_with_each_engines_state_when_not() throws Exception {
        Map<String, CdcEngine.Status> relay = new LinkedHashMap<>(Map.of("order_db", RUNNING));
        int port = Ports.resolve(0);
        try (PlatformHealth health = PlatformHealth.start(port, () -> relay)) {
            HttpResponse<String> up = get(port);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up).path("status").asText()).isEqualTo("UP");

            relay.put("payment_db", RESTARTING);
            HttpResponse<String> down = get(port);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode body = json(down);
            assertThat(body.path("status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/relay/order_db/state").asText()).isEqualTo("running");
            JsonNode payment = body.at("/relay/payment_db");
            assertThat(payment.path("state").asText()).isEqualTo("restarting");
            assertThat(payment.path("connected").asBoolean()).isFalse();
            assertThat(payment.path("attempt").asInt()).isEqualTo(3);
            assertThat(payment.path("restarts").asInt()).isEqualTo(2);
            assertThat(payment.path("lastError").asText()).contains("for topic order-events");
            assertThat(payment.path("lastFailureAt").asText()).isEqualTo(FAILED_AT.toString());
        }
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + PlatformHealth.PATH)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }
}
