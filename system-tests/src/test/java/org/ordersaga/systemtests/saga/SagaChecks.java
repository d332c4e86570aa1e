package org.ordersaga.systemtests.saga;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;

/** What one finished order must have left behind in every service, read through their APIs. */
final class SagaChecks {
    private SagaChecks() {
    }

    /** APPROVED with the catalog total; stock held, payment captured, shipment scheduled, one confirmation. */
    static void approvedOnce(SagaStack stack, String orderId, OrderRequest request) {
        JsonNode order = stack.order(orderId);
        JsonNode saga = stack.saga(orderId);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(order.path("status").asText()).as("order %s status", orderId).isEqualTo("APPROVED");
        soft.assertThat(order.path("totalCents").asLong()).as("order total").isEqualTo(request.totalCents());
        soft.assertThat(statuses(order)).as("order history").containsExactly("PENDING", "APPROVED");
        soft.assertThat(saga.path("state").asText()).as("saga state").isEqualTo("COMPLETED");
        stack.reservation(orderId).ifPresentOrElse(r -> {
            soft.assertThat(r.path("state").asText()).as("reservation").isEqualTo("HELD");
            soft.assertThat(r.path("totalCents").asLong()).as("reservation total").isEqualTo(request.totalCents());
        }, () -> soft.fail("no reservation for approved order " + orderId));
        stack.payment(orderId).ifPresentOrElse(p -> {
            soft.assertThat(p.path("state").asText()).as("payment").isEqualTo("CAPTURED");
            soft.assertThat(p.path("amountCents").asLong()).as("captured amount").isEqualTo(request.totalCents());
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

    static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("history").forEach(change -> statuses.add(change.path("status").asText()));
        return statuses;
    }

    static List<String> kinds(List<JsonNode> notifications) {
        return notifications.stream().map(n -> n.path("kind").asText()).toList();
    }
}
