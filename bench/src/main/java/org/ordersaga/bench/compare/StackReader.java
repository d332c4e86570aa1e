package org.ordersaga.bench.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.ordersaga.bench.compare.InvariantChecker.OrderFacts;
import org.ordersaga.bench.compare.InvariantChecker.Payment;
import org.ordersaga.bench.compare.InvariantChecker.Reservation;
import org.ordersaga.bench.compare.InvariantChecker.Snapshot;
import org.ordersaga.bench.compare.InvariantChecker.Stock;

/** Reads what the invariant checker needs through the services' own read APIs. */
final class StackReader {
    private static final List<String> CUSTOMERS = List.of("cust-alice", "cust-bob", "cust-broke");

    private final StackClient client;

    StackReader(StackClient client) {
        this.client = client;
    }

    /** Stock and credit now, with the dead-letter topics' record counts read at the same moment. */
    Snapshot snapshot(Map<String, Long> deadLettersByTopic) {
        Map<String, Stock> stock = new HashMap<>();
        client.read("inventory", "/products").orElseThrow().forEach(product -> stock.put(product.path("sku").asText(),
                new Stock(product.path("available").asInt(), product.path("reserved").asInt(),
                        product.path("settled").asInt())));
        Map<String, Long> credit = new HashMap<>();
        for (String customer : CUSTOMERS) {
            credit.put(customer, client.read("payment", "/customers/" + customer + "/credit").orElseThrow()
                    .path("availableCents").asLong());
        }
        return new Snapshot(stock, credit, deadLettersByTopic);
    }

    /** The facts of every order, read in parallel (a few connections, not to load the stack). */
    List<OrderFacts> orders(List<String> orderIds) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<OrderFacts>> reads = new ArrayList<>();
            for (String orderId : orderIds) {
                reads.add(readers.submit(() -> order(orderId)));
            }
            List<OrderFacts> facts = new ArrayList<>();
            for (Future<OrderFacts> read : reads) {
                facts.add(read.get());
            }
            return facts;
        } finally {
            readers.shutdownNow();
        }
    }

    private OrderFacts order(String orderId) {
        JsonNode order = client.read("order", "/orders/" + orderId).orElse(null);
        Reservation reservation = client.read("inventory", "/reservations?orderId=" + orderId).map(r -> {
            Map<String, Integer> lines = new HashMap<>();
            r.path("lines").forEach(line -> lines.merge(line.path("sku").asText(), line.path("quantity").asInt(),
                    Integer::sum));
            return new Reservation(r.path("state").asText(), lines);
        }).orElse(null);
        Payment payment = client.read("payment", "/payments?orderId=" + orderId)
                .map(p -> new Payment(p.path("state").asText(), p.path("amountCents").asLong())).orElse(null);
        String shipment = client.read("fulfillment", "/shipments?orderId=" + orderId)
                .map(s -> s.path("state").asText()).orElse(null);
        List<String> notifications = new ArrayList<>();
        client.read("notification", "/notifications?orderId=" + orderId).orElseThrow()
                .forEach(n -> notifications.add(n.path("kind").asText()));
        JsonNode sagas = client.read("orchestrator", "/sagas?orderId=" + orderId).orElseThrow();
        String saga = sagas.isEmpty() ? null : sagas.get(0).path("state").asText();
        if (order == null) {
            return new OrderFacts(orderId, null, "UNKNOWN", 0, reservation, payment, shipment, notifications, saga);
        }
        return new OrderFacts(orderId, order.path("customerId").asText(), order.path("status").asText(),
                order.path("totalCents").asLong(), reservation, payment, shipment, notifications, saga);
    }

    /** Whether order-service has decided the order (APPROVED or REJECTED). */
    boolean decided(String orderId) {
        return client.read("order", "/orders/" + orderId)
                .map(order -> Set.of("APPROVED", "REJECTED").contains(order.path("status").asText())).orElse(false);
    }

    /** Calls payment's REST command endpoints have received so far (its own HTTP server metrics). */
    long paymentRestCommands() {
        return client.text("payment", "/q/metrics").lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("uri=\"/commands/"))
                .mapToLong(StackReader::sampleValue).sum();
    }

    /** The value of a Prometheus sample line: the first token after the labels (an exemplar may follow it). */
    static long sampleValue(String line) {
        String afterLabels = line.substring(line.indexOf("} ") + 2).trim();
        return (long) Double.parseDouble(afterLabels.split("\\s+")[0]);
    }
}
