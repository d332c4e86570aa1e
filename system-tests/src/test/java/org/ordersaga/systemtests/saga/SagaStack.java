package org.ordersaga.systemtests.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersaga.systemtests.support.DevUsers;
import org.ordersaga.systemtests.support.JsonHttp;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.testsupport.PlatformProcess;

/** The running stack as a client sees it: the order API and each service's own read API, nothing else (also used by
 * the on-call tests). */
public final class SagaStack {
    static final Map<String, Long> PRICES = Map.of("SKU-PEN", 150L, "SKU-BOOK", 2500L, "SKU-LAMP", 4900L,
            "SKU-SOLD-OUT", 999L);
    static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED");

    /** What a test orders: who, where to and which items (SKU → quantity). */
    public record OrderRequest(String customerId, String country, Map<String, Integer> items) {
        public static OrderRequest of(String customerId, String country, Object... skusAndQuantities) {
            Map<String, Integer> items = new LinkedHashMap<>();
            for (int i = 0; i < skusAndQuantities.length; i += 2) {
                items.put((String) skusAndQuantities[i], (Integer) skusAndQuantities[i + 1]);
            }
            return new OrderRequest(customerId, country, items);
        }

        long totalCents() {
            return items.entrySet().stream().mapToLong(e -> PRICES.get(e.getKey()) * e.getValue()).sum();
        }

        String json() {
            ObjectNode body = JsonHttp.JSON.createObjectNode().put("customerId", customerId);
            ArrayNode lines = body.putArray("items");
            items.forEach((sku, quantity) -> lines.addObject().put("sku", sku).put("quantity", quantity));
            body.putObject("shippingAddress").put("name", "Test Customer").put("street", "1 Main St")
                    .put("city", "Springfield").put("postalCode", "12345").put("country", country);
            return body.toString();
        }
    }

    private final PlatformProcess platform;

    public SagaStack(PlatformProcess platform) {
        this.platform = platform;
    }

    String url(String service) {
        return platform.serviceUrl(service);
    }

    public String placeOrder(OrderRequest request) {
        return placeOrder(url("order"), request);
    }

    /** POST /orders on the given order-service instance; returns the order id of the 202 answer. */
    static String placeOrder(String orderServiceUrl, OrderRequest request) {
        JsonHttp.Response response = JsonHttp.post(orderServiceUrl + "/orders", request.json());
        assertThat(response.status()).as("POST /orders answer: %s", response.body()).isEqualTo(202);
        assertThat(response.body().path("status").asText()).isEqualTo("PENDING");
        String orderId = response.body().path("orderId").asText();
        assertThat(response.location()).endsWith("/orders/" + orderId);
        return orderId;
    }

    public JsonNode order(String orderId) {
        JsonHttp.Response response = JsonHttp.get(url("order") + "/orders/" + orderId);
        assertThat(response.status()).as("GET order %s", orderId).isEqualTo(200);
        return response.body();
    }

    /** The order's saga, or null while the orchestrator has not started one. */
    public JsonNode saga(String orderId) {
        JsonHttp.Response response = JsonHttp.send("GET", url("orchestrator") + "/sagas?orderId=" + orderId, null,
                "Authorization", DevUsers.VIEWER);
        assertThat(response.status()).as("GET sagas of %s: %s", orderId, response.body()).isEqualTo(200);
        return response.body().size() == 0 ? null : response.body().get(0);
    }

    JsonNode awaitSaga(String orderId, String what, Duration timeout, Predicate<JsonNode> done) {
        return Poll.until("saga of order " + orderId + " " + what, timeout, () -> saga(orderId),
                saga -> saga != null && done.test(saga));
    }

    public JsonNode awaitSagaState(String orderId, String state, Duration timeout) {
        return awaitSaga(orderId, "in state " + state, timeout, saga -> saga.path("state").asText().equals(state));
    }

    /** Waits until every saga has ended (COMPLETED or REJECTED); returns them by order id. */
    Map<String, JsonNode> awaitFinished(List<String> orderIds, Duration timeout) {
        Map<String, JsonNode> finished = new LinkedHashMap<>();
        Poll.until("sagas finished", timeout, () -> {
            for (String orderId : orderIds) {
                if (!finished.containsKey(orderId)) {
                    JsonNode saga = saga(orderId);
                    if (saga != null && TERMINAL.contains(saga.path("state").asText())) {
                        finished.put(orderId, saga);
                    }
                }
            }
            List<String> open = new ArrayList<>(orderIds);
            open.removeAll(finished.keySet());
            return open;
        }, List::isEmpty);
        return finished;
    }

    long availableCredit(String customerId) {
        JsonHttp.Response response = JsonHttp.get(url("payment") + "/customers/" + customerId + "/credit");
        assertThat(response.status()).isEqualTo(200);
        return response.body().path("availableCents").asLong();
    }

    Optional<JsonNode> payment(String orderId) {
        return optional(url("payment") + "/payments?orderId=" + orderId);
    }

    Optional<JsonNode> reservation(String orderId) {
        return optional(url("inventory") + "/reservations?orderId=" + orderId);
    }

    Optional<JsonNode> shipment(String orderId) {
        return optional(url("fulfillment") + "/shipments?orderId=" + orderId);
    }

    public List<JsonNode> notifications(String orderId) {
        JsonHttp.Response response = JsonHttp.send("GET", url("notification") + "/notifications?orderId=" + orderId,
                null, "Authorization", DevUsers.VIEWER);
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> notifications = new ArrayList<>();
        response.body().forEach(notifications::add);
        return notifications;
    }

    private static Optional<JsonNode> optional(String url) {
        JsonHttp.Response response = JsonHttp.get(url);
        if (response.status() == 404) {
            return Optional.empty();
        }
        assertThat(response.status()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return Optional.of(response.body());
    }

    /** Timeline entries of one kind (and step, when given). */
    static List<JsonNode> timeline(JsonNode saga, String kind, String step) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : saga.path("timeline")) {
            if (entry.path("kind").asText().equals(kind) && (step == null || entry.path("step").asText().equals(step))) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
