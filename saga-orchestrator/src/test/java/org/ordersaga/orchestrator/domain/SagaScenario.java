package org.ordersaga.orchestrator.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given/when/expect language for {@link PlaceOrderSaga}: given a saga at some point of its life, when a reply
 * arrives or a deadline expires, expect these commands and this state. No infrastructure involved.
 */
final class SagaScenario {

    static final DeadlinePolicy POLICY = new DeadlinePolicy(Duration.ofSeconds(5), Map.of(), 2.0,
            Duration.ofSeconds(60), 3);
    static final long TOTAL_CENTS = 5_150;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Reply> SUCCESS_REPLIES = Map.ofEntries(
            Map.entry("RESERVE_INVENTORY",
                    reply("InventoryReserved", "reservationId", "res-1", "totalCents", TOTAL_CENTS)),
            Map.entry("AUTHORIZE_PAYMENT",
                    reply("PaymentAuthorized", "authorizationId", "auth-1", "amountCents", TOTAL_CENTS)),
            Map.entry("SCHEDULE_SHIPMENT", reply("ShipmentScheduled", "shipmentId", "ship-1")),
            Map.entry("SETTLE_INVENTORY", reply("InventorySettled")),
            Map.entry("CAPTURE_PAYMENT", reply("PaymentCaptured", "amountCents", TOTAL_CENTS)),
            Map.entry("APPROVE_ORDER", reply("OrderApproved")),
            Map.entry("NOTIFY_CONFIRMED", reply("NotificationSent")),
            Map.entry("RELEASE_INVENTORY", reply("InventoryReleased")),
            Map.entry("CANCEL_SHIPMENT", reply("ShipmentCancelled")),
            Map.entry("VOID_PAYMENT", reply("PaymentVoided")),
            Map.entry("REJECT_ORDER", reply("OrderRejected")),
            Map.entry("NOTIFY_REJECTED", reply("NotificationSent")));

    private final Saga saga;
    private Instant now = Instant.parse("2030-01-01T10:00:00Z");
    private List<SagaCommand> lastCommands;
    private IllegalSagaTransitionException refusal;
    private final List<SagaCommand> allCommands = new ArrayList<>();

    private SagaScenario() {
        SagaData data = new SagaData("cust-alice",
                List.of(new OrderItem("SKU-PEN", 1), new OrderItem("SKU-BOOK", 2)),
                new ShippingAddress("Alice", "1 Main St", "Springfield", "12345", "US"));
        saga = Saga.begin(UUID.randomUUID(), "order-1", data, "trace-1", now, POLICY);
        lastCommands = List.of(saga.pendingCommand());
        allCommands.addAll(lastCommands);
    }

    /** A new saga whose first command has been sent. */
    static SagaScenario givenNewSaga() {
        return new SagaScenario();
    }

    /** A saga that went forward (every step succeeding) until it awaits {@code step}'s reply. */
    static SagaScenario givenSagaAwaiting(String step) {
        SagaScenario scenario = new SagaScenario();
        scenario.succeedUntil(step);
        return scenario;
    }

    static Reply reply(String type, Object... fields) {
        return new Reply(type, fields);
    }

    static Reply successOf(String step) {
        return SUCCESS_REPLIES.get(step);
    }

    SagaScenario andReply(Reply reply) {
        return when(reply);
    }

    SagaScenario andRepliesSucceedUntil(String step) {
        succeedUntil(step);
        return this;
    }

    SagaScenario andDeadlineExpiresTimes(int times) {
        for (int i = 0; i < times; i++) {
            whenDeadlineExpires();
        }
        return this;
    }

    /** The participant answers the pending command. */
    SagaScenario when(Reply reply) {
        return whenReplyTo(saga.getPendingCommandId(), reply);
    }

    SagaScenario whenReplyTo(UUID commandId, Reply reply) {
        now = now.plusMillis(20);
        lastCommands = saga.onReply(new SagaReply(commandId, reply.type(), reply.payload()), now, POLICY);
        allCommands.addAll(lastCommands);
        return this;
    }

    SagaScenario whenDeadlineExpires() {
        now = saga.getPendingDeadline();
        lastCommands = saga.onDeadlineExpired(now, POLICY);
        allCommands.addAll(lastCommands);
        return this;
    }

    /** The deadline passes while the command is still unread in its partition: it waits {@code more}. */
    SagaScenario whenDeadlinePassesWhileQueued(java.time.Duration more) {
        now = saga.getPendingDeadline();
        saga.holdQueuedCommand(now, now.plus(more), "2 records unread ahead of it");
        lastCommands = List.of();
        return this;
    }

    /** An operator retries the saga (a second later); a refusal is kept for {@link #expectRefused}. */
    SagaScenario whenOperatorRetries(String actor, String reason) {
        return whenOperator(() -> saga.retry(actor, reason, now, POLICY));
    }

    /** An operator forces compensation (a second later); a refusal is kept for {@link #expectRefused}. */
    SagaScenario whenOperatorCompensates(String actor, String reason) {
        return whenOperator(() -> saga.forceCompensation(actor, reason, now, POLICY));
    }

    private SagaScenario whenOperator(java.util.function.Supplier<List<SagaCommand>> action) {
        now = now.plusSeconds(1);
        timeline();
        refusal = null;
        try {
            lastCommands = action.get();
            allCommands.addAll(lastCommands);
        } catch (IllegalSagaTransitionException e) {
            refusal = e;
            lastCommands = List.of();
        }
        return this;
    }

    /** The last operator action was refused and left the saga as it was: same state, no entry, no command. */
    SagaScenario expectRefused(String because) {
        assertThat(refusal).as("operator action refused").isNotNull();
        assertThat(refusal.getMessage()).contains(because);
        assertThat(saga.drainNewEvents()).as("nothing recorded").isEmpty();
        assertThat(lastCommands).isEmpty();
        return this;
    }

    SagaScenario expectCommands(String... types) {
        assertThat(lastCommands).extracting(SagaCommand::type).containsExactly(types);
        return this;
    }

    /** Every command the saga sent during the scenario, in order. */
    List<SagaCommand> allCommands() {
        return List.copyOf(allCommands);
    }

    SagaScenario expectNoCommand() {
        assertThat(lastCommands).isEmpty();
        return this;
    }

    SagaScenario expectCommand(String topic, String type, Map<String, Object> fields) {
        assertThat(lastCommands).hasSize(1);
        SagaCommand command = lastCommands.get(0);
        assertThat(command.topic()).isEqualTo(topic);
        assertThat(command.type()).isEqualTo(type);
        assertThat(command.orderId()).isEqualTo("order-1");
        assertThat(command.payload())
                .containsEntry("commandId", command.commandId().toString())
                .containsEntry("sagaId", saga.getId().toString())
                .containsEntry("orderId", "order-1")
                .containsAllEntriesOf(fields);
        return this;
    }

    SagaScenario expectState(SagaState state) {
        assertThat(saga.getState()).isEqualTo(state);
        return this;
    }

    SagaScenario expectAwaiting(String step) {
        assertThat(saga.getCurrentStep()).isEqualTo(step);
        assertThat(saga.getPendingCommandId()).isNotNull();
        return this;
    }

    SagaScenario expectTimelineEndsWith(SagaEventKind... kinds) {
        List<SagaEventKind> timeline = timeline().stream().map(SagaEvent::kind).toList();
        assertThat(timeline.subList(timeline.size() - kinds.length, timeline.size())).containsExactly(kinds);
        return this;
    }

    SagaCommand lastCommand() {
        assertThat(lastCommands).hasSize(1);
        return lastCommands.get(0);
    }

    Saga saga() {
        return saga;
    }

    Instant now() {
        return now;
    }

    private final List<SagaEvent> timeline = new ArrayList<>();

    List<SagaEvent> timeline() {
        timeline.addAll(saga.drainNewEvents());
        return timeline;
    }

    /** Plays every step's success reply (forward or backward) until the saga awaits {@code step}. */
    private void succeedUntil(String step) {
        while (!saga.getCurrentStep().equals(step)) {
            if (saga.getPendingCommandId() == null) {
                throw new IllegalStateException("Saga finished before reaching " + step);
            }
            when(successOf(saga.getCurrentStep()));
        }
    }

    record Reply(String type, Object... fields) {
        ObjectNode payload() {
            ObjectNode payload = JSON.createObjectNode();
            for (int i = 0; i < fields.length; i += 2) {
                payload.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
            }
            return payload;
        }
    }
}
