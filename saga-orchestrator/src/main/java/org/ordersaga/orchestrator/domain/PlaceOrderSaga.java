package org.ordersaga.orchestrator.domain;

import static org.ordersaga.contracts.Topics.FULFILLMENT_COMMANDS;
import static org.ordersaga.contracts.Topics.INVENTORY_COMMANDS;
import static org.ordersaga.contracts.Topics.NOTIFICATION_COMMANDS;
import static org.ordersaga.contracts.Topics.ORDER_COMMANDS;
import static org.ordersaga.contracts.Topics.PAYMENT_COMMANDS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PlaceOrder saga, read top to bottom.
 *
 * <pre>
 *   RESERVE_INVENTORY    compensatable  ReserveInventory → InventoryReserved | InventoryRejected   undo: ReleaseInventory
 *   AUTHORIZE_PAYMENT    compensatable  AuthorizePayment → PaymentAuthorized | PaymentDeclined     undo: VoidPayment
 *   SCHEDULE_SHIPMENT    pivot          ScheduleShipment → ShipmentScheduled | ShipmentRejected    undo if unknown: CancelShipment
 *   SETTLE_INVENTORY     retriable      SettleInventory  → InventorySettled
 *   CAPTURE_PAYMENT      retriable      CapturePayment   → PaymentCaptured
 *   APPROVE_ORDER        retriable      ApproveOrder     → OrderApproved
 *   NOTIFY_CONFIRMED     retriable      SendNotification(ORDER_CONFIRMED) → NotificationSent
 *
 *   on a failure up to the pivot: undo the completed compensatable steps in reverse order, then
 *   REJECT_ORDER         RejectOrder(reason) → OrderRejected
 *   NOTIFY_REJECTED      SendNotification(ORDER_REJECTED) → NotificationSent
 * </pre>
 *
 * A step that timed out may still have had its effect, so it is undone as well (participants answer a
 * compensation with nothing to undo with its normal reply, and refuse the step's command arriving after it). That
 * holds for the pivot too: a ScheduleShipment that timed out (or that an operator gave up on) may still be applied
 * later, so the way back starts with CancelShipment. A pivot that answered is never undone: after ShipmentScheduled
 * the saga only goes forward, after ShipmentRejected there is nothing to cancel.
 *
 * Right after the pivot the order's stock is settled: it leaves inventory's reserved count for good, so that
 * available + reserved + settled stays the stock received (a HELD reservation is only the lock of a pending order).
 */
public final class PlaceOrderSaga {

    private static final List<SagaStep> FORWARD_STEPS = List.of(
            SagaStep.compensatable("RESERVE_INVENTORY")
                    .command(INVENTORY_COMMANDS, "ReserveInventory", data -> fields("items", data.getItems()))
                    .succeedsOn("InventoryReserved", (data, reply) -> {
                        data.setReservationId(reply.text("reservationId"));
                        data.setTotalCents(reply.cents("totalCents"));
                    })
                    .failsOn("InventoryRejected")
                    .compensatedBy(SagaStep.compensation("RELEASE_INVENTORY")
                            .command(INVENTORY_COMMANDS, "ReleaseInventory")
                            .succeedsOn("InventoryReleased"))
                    .build(),
            SagaStep.compensatable("AUTHORIZE_PAYMENT")
                    .command(PAYMENT_COMMANDS, "AuthorizePayment", data -> fields(
                            "customerId", data.getCustomerId(),
                            "amountCents", data.getTotalCents()))
                    .succeedsOn("PaymentAuthorized",
                            (data, reply) -> data.setAuthorizationId(reply.text("authorizationId")))
                    .failsOn("PaymentDeclined")
                    .compensatedBy(SagaStep.compensation("VOID_PAYMENT")
                            .command(PAYMENT_COMMANDS, "VoidPayment")
                            .succeedsOn("PaymentVoided"))
                    .build(),
            SagaStep.pivot("SCHEDULE_SHIPMENT")
                    .command(FULFILLMENT_COMMANDS, "ScheduleShipment", data -> fields(
                            "items", data.getItems(),
                            "shippingAddress", data.getShippingAddress()))
                    .succeedsOn("ShipmentScheduled", (data, reply) -> data.setShipmentId(reply.text("shipmentId")))
                    .failsOn("ShipmentRejected")
                    .compensatedBy(SagaStep.compensation("CANCEL_SHIPMENT")
                            .command(FULFILLMENT_COMMANDS, "CancelShipment")
                            .succeedsOn("ShipmentCancelled"))
                    .build(),
            SagaStep.retriable("SETTLE_INVENTORY")
                    .command(INVENTORY_COMMANDS, "SettleInventory")
                    .succeedsOn("InventorySettled")
                    .build(),
            SagaStep.retriable("CAPTURE_PAYMENT")
                    .command(PAYMENT_COMMANDS, "CapturePayment")
                    .succeedsOn("PaymentCaptured", (data, reply) -> data.setCapturedCents(reply.cents("amountCents")))
                    .build(),
            SagaStep.retriable("APPROVE_ORDER")
                    .command(ORDER_COMMANDS, "ApproveOrder", data -> fields("totalCents", data.getTotalCents()))
                    .succeedsOn("OrderApproved")
                    .build(),
            SagaStep.retriable("NOTIFY_CONFIRMED")
                    .command(NOTIFICATION_COMMANDS, "SendNotification", data -> notification(data,
                            "ORDER_CONFIRMED", "Your order is confirmed. Total: " + formatCents(data.getTotalCents())))
                    .succeedsOn("NotificationSent")
                    .build());

    private static final List<SagaStep> REJECTION_STEPS = List.of(
            SagaStep.compensation("REJECT_ORDER")
                    .command(ORDER_COMMANDS, "RejectOrder", data -> fields("reason", data.getRejectionReason()))
                    .succeedsOn("OrderRejected")
                    .build(),
            SagaStep.compensation("NOTIFY_REJECTED")
                    .command(NOTIFICATION_COMMANDS, "SendNotification", data -> notification(data,
                            "ORDER_REJECTED", "Your order was rejected: " + data.getRejectionReason()))
                    .succeedsOn("NotificationSent")
                    .build());

    private PlaceOrderSaga() {
    }

    public static List<SagaStep> forwardSteps() {
        return FORWARD_STEPS;
    }

    public static SagaStep firstStep() {
        return FORWARD_STEPS.get(0);
    }

    /** The forward step after {@code step}, empty after the last one. */
    public static Optional<SagaStep> stepAfter(String step) {
        int index = FORWARD_STEPS.indexOf(step(step));
        return index + 1 < FORWARD_STEPS.size() ? Optional.of(FORWARD_STEPS.get(index + 1)) : Optional.empty();
    }

    /**
     * The way back after {@code failedStep} failed: the compensations of the steps before it in reverse order (its
     * own too when its outcome is unknown — the pivot's only then), then the rejection steps.
     */
    public static List<SagaStep> compensationPlan(String failedStep, boolean failedStepOutcomeUnknown) {
        int failedIndex = FORWARD_STEPS.indexOf(step(failedStep));
        int lastToUndo = failedStepOutcomeUnknown ? failedIndex : failedIndex - 1;
        List<SagaStep> plan = new ArrayList<>();
        for (int i = lastToUndo; i >= 0; i--) {
            SagaStep compensation = FORWARD_STEPS.get(i).compensationStep();
            if (compensation != null) {
                plan.add(compensation);
            }
        }
        plan.addAll(REJECTION_STEPS);
        return plan;
    }

    public static SagaStep step(String name) {
        return steps().filter(step -> step.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No step " + name + " in PlaceOrderSaga"));
    }

    /** Every step: forward, compensations and rejection. */
    public static Stream<SagaStep> steps() {
        Stream<SagaStep> compensations = FORWARD_STEPS.stream()
                .map(SagaStep::compensationStep).filter(step -> step != null);
        return Stream.concat(Stream.concat(FORWARD_STEPS.stream(), compensations), REJECTION_STEPS.stream());
    }

    private static Map<String, Object> notification(SagaData data, String kind, String text) {
        return fields("customerId", data.getCustomerId(), "kind", kind, "text", text);
    }

    /** Like Map.of, but keeps insertion order and tolerates a missing (null) value instead of failing the saga. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String formatCents(Long cents) {
        return cents == null ? "unknown" : String.format("%d.%02d", cents / 100, cents % 100);
    }
}
