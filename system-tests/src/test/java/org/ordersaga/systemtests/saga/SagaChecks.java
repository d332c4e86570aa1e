package org.ordersaga.systemtests.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.support.JsonHttp;

/** What one finished order must have left behind in every service, read through their APIs. */
final class SagaChecks {
    private SagaChecks() {
    }

    /** A SKU's stock as the product API shows it: available + reserved + settled is the stock received. */
    record StockLevels(long available, long reserved, long settled) {
        long total() {
            return available + reserved + settled;
        }
    }

    /** APPROVED with the seed catalog's total; see {@link #approvedOnce(SagaStack, String, long)}. */
    static void approvedOnce(SagaStack stack, String orderId, OrderRequest request) {
        approvedOnce(stack, orderId, request.totalCents());
    }

    /** APPROVED with {@code totalCents}; stock settled, payment captured, shipment scheduled, one confirmation. */
    static void approvedOnce(SagaStack stack, String orderId, long totalCents) {
        JsonNode order = stack.order(orderId);
        JsonNode saga = stack.saga(orderId);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(order.path("status").asText()).as("order %s status", orderId).isEqualTo("APPROVED");
        soft.assertThat(order.path("totalCents").asLong()).as("order total").isEqualTo(totalCents);
        soft.assertThat(statuses(order)).as("order history").containsExactly("PENDING", "APPROVED");
        soft.assertThat(saga.path("state").asText()).as("saga state").isEqualTo("COMPLETED");
        stack.reservation(orderId).ifPresentOrElse(r -> {
            soft.assertThat(r.path("state").asText()).as("reservation of approved order").isEqualTo("SETTLED");
            soft.assertThat(r.path("totalCents").asLong()).as("reservation total").isEqualTo(totalCents);
        }, () -> soft.fail("no reservation for approved order " + orderId));
        stack.payment(orderId).ifPresentOrElse(p -> {
            soft.assertThat(p.path("state").asText()).as("payment").isEqualTo("CAPTURED");
            soft.assertThat(p.path("amountCents").asLong()).as("captured amount").isEqualTo(totalCents);
        }, () -> soft.fail("no payment for approved order " + orderId));
        stack.shipment(orderId).ifPresentOrElse(
                s -> soft.assertThat(s.path("state").asText()).as("shipment").isEqualTo("SCHEDULED"),
                () -> soft.fail("no shipment for approved order " + orderId));
        soft.assertThat(kinds(stack.notifications(orderId))).as("notifications of %s", orderId)
                .containsExactly("ORDER_CONFIRMED");
        soft.assertAll();
    }

    /** REJECTED with the reason; nothing held, nothing shipped, one rejection notice. */
    static void rejectedAndCompensated(SagaStack stack, String orderId, String reason) {
        JsonNode order = stack.order(orderId);
        JsonNode saga = stack.saga(orderId);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(order.path("status").asText()).as("order %s status", orderId).isEqualTo("REJECTED");
        soft.assertThat(order.path("rejectionReason").asText()).as("rejection reason").isEqualTo(reason);
        soft.assertThat(statuses(order)).as("order history").containsExactly("PENDING", "REJECTED");
        soft.assertThat(saga.path("state").asText()).as("saga state").isEqualTo("REJECTED");
        stack.reservation(orderId).ifPresent(r ->
                soft.assertThat(r.path("state").asText()).as("reservation of rejected order").isEqualTo("RELEASED"));
        stack.payment(orderId).ifPresent(p ->
                soft.assertThat(p.path("state").asText()).as("payment of rejected order").isEqualTo("VOIDED"));
        soft.assertThat(stack.shipment(orderId)).as("shipment of rejected order").isEmpty();
        soft.assertThat(kinds(stack.notifications(orderId))).as("notifications of %s", orderId)
                .containsExactly("ORDER_REJECTED");
        soft.assertAll();
    }

    /** Every SKU's stock, read from inventory-service's product API. */
    static Map<String, StockLevels> stockLevels(SagaStack stack) {
        Map<String, StockLevels> stock = new LinkedHashMap<>();
        for (JsonNode product : JsonHttp.get(stack.url("inventory") + "/products").body()) {
            stock.put(product.path("sku").asText(), new StockLevels(product.path("available").asLong(),
                    product.path("reserved").asLong(), product.path("settled").asLong()));
        }
        return stock;
    }

    /**
     * Stock is conserved once every order since {@code before} is final: each SKU keeps its total (available +
     * reserved + settled), holds no more than before (no reservation left HELD), and exactly what the approved orders
     * bought ({@code sold}) went from available to settled; a rejected order's stock is back in available.
     */
    static void stockConserved(SagaStack stack, Map<String, StockLevels> before, Map<String, Long> sold) {
        Map<String, StockLevels> after = stockLevels(stack);
        SoftAssertions soft = new SoftAssertions();
        before.forEach((sku, was) -> {
            StockLevels is = after.get(sku);
            long quantity = sold.getOrDefault(sku, 0L);
            soft.assertThat(is).as("stock of %s after selling %d", sku, quantity).isEqualTo(new StockLevels(
                    was.available() - quantity, was.reserved(), was.settled() + quantity));
            if (is != null) {
                soft.assertThat(is.total()).as("available + reserved + settled of %s (conserved)", sku)
                        .isEqualTo(was.total());
            }
        });
        soft.assertAll();
    }

    static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("history").forEach(change -> statuses.add(change.path("status").asText()));
        return statuses;
    }

    static List<String> kinds(List<JsonNode> notifications) {
        return notifications.stream().map(n -> n.path("kind").asText()).toList();
    }
}
