package org.ordersaga.orchestrator.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One order's saga in a small world for {@link SagaProtocolProperties}: the real {@link Saga}, one FIFO queue per
 * topic (Kafka keeps one order's records in order), and a model of each participant's idempotent state, written
 * after its real command handler (inbox keyed by command id, a duplicate answered with the recorded reply, markers
 * left by compensations). Time only moves when the test says so. {@link #story()} tells what happened, for a
 * counterexample a human can read.
 */
final class SagaProtocolWorld {

    static final DeadlinePolicy POLICY = new DeadlinePolicy(Duration.ofSeconds(5), Map.of(), 2.0,
            Duration.ofSeconds(60), 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Topic {
        INVENTORY("inventory-commands"), PAYMENT("payment-commands"), FULFILLMENT("fulfillment-commands"),
        ORDER("order-commands"), NOTIFICATION("notification-commands"), REPLIES("saga-replies");

        final String kafkaName;

        Topic(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        static Topic of(String kafkaName) {
            for (Topic topic : values()) {
                if (topic.kafkaName.equals(kafkaName)) {
                    return topic;
                }
            }
            throw new IllegalArgumentException("No topic " + kafkaName);
        }

        @Override
        public String toString() {
            return kafkaName;
        }
    }

    /** What a participant decides for a command it sees for the first time (a duplicate gets the recorded reply). */
    enum Outcome { SUCCEEDS, FAILS }

    /** A record on a topic; {@code id} is the outbox row id (Kafka header), kept by redelivery and replay. */
    record Message(String id, Topic topic, String type, UUID commandId, Map<String, Object> payload) {
    }

    /** A participant's answer; empty replies are recorded too (the handler answered nothing). */
    private record Answer(String type, Map<String, Object> fields) {
    }

    /** The handler threw: its transaction rolled back (no inbox entry), the consumer dead-letters the record. */
    private static final class HandlerFailed extends RuntimeException {
        HandlerFailed(String message) {
            super(message);
        }
    }

    enum Reservation { NONE, HELD, RELEASED, SETTLED }

    enum Authorization { NONE, AUTHORIZED, VOIDED, CAPTURED }

    enum Shipment { NONE, SCHEDULED, CANCELLED }

    enum OrderStatus { PENDING, APPROVED, REJECTED }

    private final Saga saga;
    private Instant now = Instant.parse("2030-01-01T10:00:00Z");
    private final Instant start = now;
    private final Map<Topic, Deque<Message>> queues = new EnumMap<>(Topic.class);
    private final Map<Topic, List<Message>> handled = new EnumMap<>(Topic.class);
    private final List<Message> deadLetters = new ArrayList<>();
    private final Set<String> orchestratorInbox = new HashSet<>();
    /** Per participant (topic): command id → the recorded reply (empty: answered nothing). */
    private final Map<Topic, Map<UUID, Optional<Answer>>> participantInbox = new EnumMap<>(Topic.class);
    private final Map<UUID, String> commandNames = new HashMap<>();
    private final List<String> story = new ArrayList<>();
    private int nextMessageId;

    Reservation reservation = Reservation.NONE;
    Authorization authorization = Authorization.NONE;
    int captures;
    Shipment shipment = Shipment.NONE;
    int shipmentsScheduled;
    OrderStatus order = OrderStatus.PENDING;
    int contradictingDecisions;
    final Map<String, Integer> notificationsSent = new LinkedHashMap<>();

    SagaProtocolWorld() {
        for (Topic topic : Topic.values()) {
            queues.put(topic, new ArrayDeque<>());
            handled.put(topic, new ArrayList<>());
            participantInbox.put(topic, new HashMap<>());
        }
        SagaData data = new SagaData("cust-alice", List.of(new OrderItem("SKU-PEN", 2)),
                new ShippingAddress("Alice", "1 Main St", "Springfield", "12345", "DE"));
        saga = Saga.begin(UUID.randomUUID(), "order-1", data, "trace-1", now, POLICY);
        tell("saga started");
        publish(List.of(saga.pendingCommand()));
    }

    // ---- what the test can make happen ----

    /** The consumer of {@code topic} handles its next record; a participant new to the command decides. */
    void deliverNext(Topic topic, Outcome outcome) {
        Message message = queues.get(topic).poll();
        if (message != null) {
            tick();
            handle(message, outcome, "");
        }
    }

    /** A consumer crashed after committing its effect but before committing its offset: {@code index} is read again. */
    void redeliver(Topic topic, int index) {
        List<Message> done = handled.get(topic);
        if (!done.isEmpty()) {
            tick();
            handle(done.get(Math.floorMod(index, done.size())), Outcome.SUCCEEDS, "redelivered after a crash: ");
        }
    }

    /** The consumer gives up on its next record (it kept failing): it goes to the dead-letter topic. */
    void deadLetterNext(Topic topic) {
        Message message = queues.get(topic).poll();
        if (message != null) {
            tick();
            deadLetters.add(message);
            tell(topic + " dead-letters " + name(message));
        }
    }

    /** An operator replays a dead letter (once): the same record goes to the end of its topic. */
    void replayDeadLetter(int index) {
        if (!deadLetters.isEmpty()) {
            tick();
            Message message = deadLetters.remove(Math.floorMod(index, deadLetters.size()));
            queues.get(message.topic()).add(message);
            tell("operator replays the dead letter " + name(message) + " to " + message.topic());
        }
    }

    void deadlineExpires() {
        if (saga.getPendingDeadline() == null || !saga.getState().isActive()) {
            return;
        }
        now = now.isAfter(saga.getPendingDeadline()) ? now.plusMillis(100) : saga.getPendingDeadline();
        String step = saga.getCurrentStep();
        SagaState before = saga.getState();
        List<SagaCommand> commands = saga.onDeadlineExpired(now, POLICY);
        tell("deadline of " + step + " expires" + stateChange(before));
        publish(commands);
    }

    void operatorRetries() {
        operator("retries", () -> saga.retry("alice", "participant is back", now, POLICY));
    }

    void operatorCompensates() {
        operator("compensates", () -> saga.forceCompensation("alice", "give up", now, POLICY));
    }

    /**
     * Everything still on its way is delivered (participants deciding SUCCEEDS for what they see first) and every
     * deadline that can still expire does, until nothing moves. Dead letters nobody replays stay where they are.
     */
    void deliverEverything() {
        tell("-- then every record still on its way is delivered and due deadlines expire --");
        for (int round = 0; round < 10_000; round++) {
            Optional<Topic> pending = queues.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey).findFirst();
            if (pending.isPresent()) {
                deliverNext(pending.get(), Outcome.SUCCEEDS);
            } else if (saga.getState().isActive() && saga.getPendingDeadline() != null) {
                deadlineExpires();
            } else {
                return;
            }
        }
        throw new AssertionError("The world never came to rest:\n" + story());
    }

    // ---- what the test can look at ----

    Saga saga() {
        return saga;
    }

    boolean hasQueued(Topic topic) {
        return !queues.get(topic).isEmpty();
    }

    List<Topic> topicsWithQueued() {
        return queues.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    List<Topic> topicsWithHandled() {
        return handled.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    boolean hasDeadLetters() {
        return !deadLetters.isEmpty();
    }

    int notifications(String kind) {
        return notificationsSent.getOrDefault(kind, 0);
    }

    String story() {
        return String.join("\n", story);
    }

    @Override
    public String toString() {
        return "saga " + saga.getState() + " at " + saga.getCurrentStep() + ", reservation " + reservation
                + ", authorization " + authorization + " (captures " + captures + "), shipment " + shipment
                + " (scheduled " + shipmentsScheduled + "), order " + order + ", notifications " + notificationsSent;
    }

    // ---- the orchestrator and the participants ----

    private void handle(Message message, Outcome outcome, String prefix) {
        if (message.topic() == Topic.REPLIES) {
            orchestratorHandles(message, prefix);
        } else {
            participantHandles(message, outcome, prefix);
        }
    }

    /** SagaOrchestrator.onReply: inbox by message id, then the saga. */
    private void orchestratorHandles(Message reply, String prefix) {
        handled.get(Topic.REPLIES).add(reply);
        if (!orchestratorInbox.add(reply.id())) {
            tell(prefix + "orchestrator skips " + name(reply) + " (inbox: seen)");
            return;
        }
        ObjectNode payload = JSON.valueToTree(reply.payload());
        SagaState before = saga.getState();
        String step = saga.getCurrentStep();
        UUID pending = saga.getPendingCommandId();
        List<SagaCommand> commands = saga.onReply(new SagaReply(reply.commandId(), reply.type(), payload), now, POLICY);
        String effect = reply.commandId().equals(pending) ? "at " + step : "ignored, awaits " + step;
        tell(prefix + "orchestrator reads " + name(reply) + " (" + effect + ")" + stateChange(before));
        publish(commands);
    }

    /** CommandReplies.answerOnce: inbox by command id; a duplicate is answered with the recorded reply again. */
    private void participantHandles(Message command, Outcome outcome, String prefix) {
        Map<UUID, Optional<Answer>> inbox = participantInbox.get(command.topic());
        Optional<Answer> recorded = inbox.get(command.commandId());
        if (recorded != null) {
            handled.get(command.topic()).add(command);
            tell(prefix + command.topic() + " reads " + name(command) + " again (inbox): "
                    + recorded.map(a -> "answers " + a.type() + " again").orElse("had no reply"));
            recorded.ifPresent(answer -> reply(command, answer));
            return;
        }
        Optional<Answer> answer;
        String before = participantState(command.topic());
        try {
            answer = apply(command, outcome);
        } catch (HandlerFailed e) {
            deadLetters.add(command);
            tell(prefix + command.topic() + " fails on " + name(command) + " (" + e.getMessage() + "): dead-lettered");
            return;
        }
        handled.get(command.topic()).add(command);
        if (answer == null) {
            tell(prefix + command.topic() + " ignores " + name(command) + " (unknown type)");
            return;
        }
        inbox.put(command.commandId(), answer);
        String after = participantState(command.topic());
        tell(prefix + command.topic() + " handles " + name(command) + (before.equals(after) ? "" : ": " + before
                + " -> " + after) + answer.map(a -> ", answers " + a.type() + reason(a)).orElse(", answers nothing"));
        answer.ifPresent(a -> reply(command, a));
    }

    /** The participant's effect for a command seen the first time; null for a type it does not know (ignored). */
    private Optional<Answer> apply(Message command, Outcome outcome) {
        return switch (command.type()) {
            // InventoryCommandHandler
            case "ReserveInventory" -> {
                if (reservation == Reservation.RELEASED) {
                    yield answer("InventoryRejected", "reason", "ORDER_CANCELLED");
                }
                if (reservation == Reservation.NONE && outcome == Outcome.FAILS) {
                    yield answer("InventoryRejected", "reason", "OUT_OF_STOCK");
                }
                if (reservation == Reservation.NONE) {
                    reservation = Reservation.HELD;
                }
                yield answer("InventoryReserved", "reservationId", "res-1", "totalCents", 300);
            }
            case "ReleaseInventory" -> {
                if (reservation != Reservation.SETTLED) {
                    reservation = Reservation.RELEASED;
                }
                yield answer("InventoryReleased");
            }
            case "SettleInventory" -> {
                if (reservation == Reservation.HELD) {
                    reservation = Reservation.SETTLED;
                }
                yield answer("InventorySettled");
            }
            // PaymentCommandHandler
            case "AuthorizePayment" -> {
                if (authorization == Authorization.VOIDED) {
                    yield answer("PaymentDeclined", "reason", "ORDER_CANCELLED");
                }
                if (authorization == Authorization.NONE && outcome == Outcome.FAILS) {
                    yield answer("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT");
                }
                if (authorization == Authorization.NONE) {
                    authorization = Authorization.AUTHORIZED;
                }
                yield answer("PaymentAuthorized", "authorizationId", "auth-1", "amountCents", 300);
            }
            case "VoidPayment" -> {
                if (authorization == Authorization.CAPTURED) {
                    throw new HandlerFailed("cannot void a captured authorization");
                }
                authorization = Authorization.VOIDED;
                yield answer("PaymentVoided");
            }
            case "CapturePayment" -> {
                if (authorization == Authorization.NONE || authorization == Authorization.VOIDED) {
                    yield Optional.empty();
                }
                if (authorization == Authorization.AUTHORIZED) {
                    authorization = Authorization.CAPTURED;
                    captures++;
                }
                yield answer("PaymentCaptured", "amountCents", 300);
            }
            // FulfillmentCommandHandler
            case "ScheduleShipment" -> {
                if (shipment == Shipment.CANCELLED) {
                    yield answer("ShipmentRejected", "reason", "ORDER_CANCELLED");
                }
                if (shipment == Shipment.NONE && outcome == Outcome.FAILS) {
                    yield answer("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS");
                }
                if (shipment == Shipment.NONE) {
                    shipment = Shipment.SCHEDULED;
                    shipmentsScheduled++;
                }
                yield answer("ShipmentScheduled", "shipmentId", "ship-1");
            }
            case "CancelShipment" -> {
                shipment = Shipment.CANCELLED;
                yield answer("ShipmentCancelled");
            }
            // OrderDecisions: one decision per order; a contradicting one is logged and not answered
            case "ApproveOrder" -> decide(OrderStatus.APPROVED, "OrderApproved");
            case "RejectOrder" -> decide(OrderStatus.REJECTED, "OrderRejected");
            // NotificationCommandHandler: at most one notification per order and kind
            case "SendNotification" -> {
                notificationsSent.putIfAbsent((String) command.payload().get("kind"), 1);
                yield answer("NotificationSent");
            }
            default -> null;
        };
    }

    private Optional<Answer> decide(OrderStatus decision, String replyType) {
        if (order != OrderStatus.PENDING) {
            contradictingDecisions++;
            return Optional.empty();
        }
        order = decision;
        return answer(replyType);
    }

    private String participantState(Topic topic) {
        return switch (topic) {
            case INVENTORY -> "reservation " + reservation;
            case PAYMENT -> "authorization " + authorization;
            case FULFILLMENT -> "shipment " + shipment;
            case ORDER -> "order " + order;
            case NOTIFICATION -> "notifications " + notificationsSent.keySet();
            case REPLIES -> "";
        };
    }

    private void reply(Message command, Answer answer) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("commandId", command.commandId().toString());
        payload.put("sagaId", saga.getId().toString());
        payload.put("orderId", saga.getOrderId());
        payload.putAll(answer.fields());
        queues.get(Topic.REPLIES).add(new Message("m" + ++nextMessageId, Topic.REPLIES, answer.type(),
                command.commandId(), payload));
    }

    private void publish(List<SagaCommand> commands) {
        for (SagaCommand command : commands) {
            commandNames.computeIfAbsent(command.commandId(), id -> command.type() + "#" + (commandNames.size() + 1));
            queues.get(Topic.of(command.topic())).add(new Message("m" + ++nextMessageId, Topic.of(command.topic()),
                    command.type(), command.commandId(), command.payload()));
            tell("   orchestrator sends " + commandNames.get(command.commandId())
                    + (command.attempt() > 1 ? " (attempt " + command.attempt() + ")" : "") + " to " + command.topic());
        }
    }

    private void operator(String what, java.util.function.Supplier<List<SagaCommand>> action) {
        tick();
        SagaState before = saga.getState();
        String step = saga.getCurrentStep();
        try {
            List<SagaCommand> commands = action.get();
            tell("operator " + what + " the saga at " + step + stateChange(before));
            publish(commands);
        } catch (IllegalSagaTransitionException refused) {
            tell("operator " + what + " the saga at " + step + ": refused (" + saga.getState() + ")");
        }
    }

    private String name(Message message) {
        String command = commandNames.getOrDefault(message.commandId(), "?");
        return message.topic() == Topic.REPLIES ? message.type() + " for " + command + " [" + message.id() + "]"
                : command + " [" + message.id() + "]";
    }

    private String stateChange(SagaState before) {
        return before == saga.getState() ? "" : ": saga " + before + " -> " + saga.getState();
    }

    private static String reason(Answer answer) {
        Object reason = answer.fields().get("reason");
        return reason == null ? "" : " (" + reason + ")";
    }

    private static Optional<Answer> answer(String type, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        return Optional.of(new Answer(type, map));
    }

    private void tick() {
        now = now.plusMillis(100);
    }

    private void tell(String line) {
        story.add(String.format("%6.1fs  %s", Duration.between(start, now).toMillis() / 1000.0, line));
    }
}
