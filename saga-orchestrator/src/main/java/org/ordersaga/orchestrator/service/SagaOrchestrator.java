package org.ordersaga.orchestrator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.inbox.Inbox;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.outbox.Outbox;
import org.ordersaga.orchestrator.config.OrchestratorConfig;
import org.ordersaga.orchestrator.domain.DeadlinePolicy;
import org.ordersaga.orchestrator.domain.IllegalSagaTransitionException;
import org.ordersaga.orchestrator.domain.OrderItem;
import org.ordersaga.orchestrator.domain.PlaceOrderSaga;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaCommand;
import org.ordersaga.orchestrator.domain.SagaData;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaEventKind;
import org.ordersaga.orchestrator.domain.SagaReply;
import org.ordersaga.orchestrator.domain.SagaState;
import org.ordersaga.orchestrator.domain.SagaStep;
import org.ordersaga.orchestrator.domain.ShippingAddress;
import org.ordersaga.orchestrator.persistence.SagaRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Applies incoming events, replies and expired deadlines to sagas. Each method runs inside the caller's transaction,
 * which also holds the inbox record and the outbox rows of the commands it sends.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SagaOrchestrator {

    static final String ORDER_EVENTS_CONSUMER = "saga-orchestrator.order-events";
    static final String SAGA_REPLIES_CONSUMER = "saga-orchestrator.saga-replies";

    private static final Logger LOG = Logger.getLogger(SagaOrchestrator.class);

    private final SagaRepository sagas;
    private final Outbox outbox;
    private final Inbox inbox;
    private final DeadlinePolicy policy;
    private final SagaMetrics metrics;
    private final SagaTracing tracing;
    private final ObjectMapper json;
    private final ReplyLag replyLag;
    private final ParticipantLag participantLag;
    private final CommandQueues queues;
    private final Duration maxQueuedWait;

    public SagaOrchestrator(SagaRepository sagas, Outbox outbox, Inbox inbox, DeadlinePolicy policy,
                            SagaMetrics metrics, SagaTracing tracing, ObjectMapper json, ReplyLag replyLag,
                            ParticipantLag participantLag, CommandQueues queues, OrchestratorConfig config) {
        this.sagas = sagas;
        this.outbox = outbox;
        this.inbox = inbox;
        this.policy = policy;
        this.metrics = metrics;
        this.tracing = tracing;
        this.json = json;
        this.replyLag = replyLag;
        this.participantLag = participantLag;
        this.queues = queues;
        this.maxQueuedWait = config.queues().maxWait();
    }

    /** {@code OrderPlaced}: starts the order's saga, unless this message or this order was seen before. */
    public void onOrderPlaced(IncomingMessage event) {
        String orderId = event.text("orderId");
        try (LogContext.Scope ignored = LogContext.forOrder(orderId, null)) {
            if (!inbox.firstDelivery(ORDER_EVENTS_CONSUMER, event.id())) {
                LOG.debugf("Duplicate OrderPlaced %s ignored", event.id());
                return;
            }
            if (!start(orderId, event.payload(), sagas::add)) {
                LOG.warnf("OrderPlaced %s for an order that already has a saga; ignored", event.id());
            }
        }
    }

    /**
     * Starts the saga of an order whose {@code OrderPlaced} did not (lost, dead-lettered, not consumed), from what the
     * event would have carried, as {@link #onOrderPlaced} does; its first timeline entry names {@code actor} and
     * {@code why}. False when the order has a saga already: the event, or another replica, was first.
     */
    public boolean startMissingSaga(String orderId, JsonNode orderPlaced, String actor, String why) {
        try (LogContext.Scope ignored = LogContext.forOrder(orderId, null)) {
            return start(orderId, orderPlaced, saga -> sagas.addStartedBy(saga, actor, why));
        }
    }

    /**
     * The one way a saga starts: unless the order has one (a concurrent start fails on the unique order ID and is
     * retried into this check), begin it, store it and send its first command.
     */
    private boolean start(String orderId, JsonNode orderPlaced, Consumer<Saga> store) {
        if (sagas.findByOrderId(orderId).isPresent()) {
            return false;
        }
        Saga saga = Saga.begin(UUID.randomUUID(), orderId, sagaData(orderPlaced), SagaTracing.currentTraceId(),
                Instant.now(), policy);
        try (LogContext.Scope withSaga = LogContext.forOrder(orderId, saga.getId().toString())) {
            store.accept(saga);
            send(List.of(saga.pendingCommand()));
            metrics.startedOnCommit();
            LOG.infof("Saga started for order %s", orderId);
        }
        return true;
    }

    /** A participant's reply: advances or turns around the saga it belongs to. */
    public void onReply(IncomingMessage message) {
        String sagaId = message.text("sagaId");
        try (LogContext.Scope ignored = LogContext.forOrder(message.text("orderId"), sagaId)) {
            if (!inbox.firstDelivery(SAGA_REPLIES_CONSUMER, message.id())) {
                LOG.debugf("Duplicate reply %s %s ignored", message.type(), message.id());
                return;
            }
            Optional<Saga> found = sagaId == null ? Optional.empty() : sagas.find(UUID.fromString(sagaId));
            if (found.isEmpty()) {
                LOG.warnf("Reply %s %s names no known saga; ignored", message.type(), message.id());
                return;
            }
            Saga saga = found.get();
            SagaState before = saga.getState();
            String commandId = message.text("commandId");
            SagaReply reply = new SagaReply(commandId == null ? null : UUID.fromString(commandId), message.type(),
                    message.payload());
            Instant now = Instant.now();
            List<SagaCommand> commands = saga.onReply(reply, now, policy);
            List<SagaEvent> recorded = sagas.update(saga);
            participantLagFrom(recorded, now);
            metrics.stepsEndedOnCommit(recorded);
            send(commands);
            metrics.stateReachedOnCommit(before, saga.getState());
            LOG.infof("Reply %s handled: saga %s at %s", message.type(), saga.getState(), saga.getCurrentStep());
        }
    }

    /**
     * Re-sends or gives up the commands whose reply deadline passed, held back by this instance's own reply lag and by
     * the lag of the participant each command waits for; returns how many sagas it handled.
     */
    public int expireDeadlines(int batchSize) {
        List<UUID> due = claimDueDeadlines(batchSize);
        due.forEach(this::expireDeadline);
        return due.size();
    }

    /**
     * Locks up to {@code batchSize} sagas whose deadline passed, held back by this instance's own reply lag and by the
     * lag of the participant each command waits for; the locks last until the caller's transaction ends.
     */
    public List<UUID> claimDueDeadlines(int batchSize) {
        Instant now = Instant.now();
        Instant ours = now.minus(replyLag.current(now));
        Map<String, Instant> dueBeforeByStep = new LinkedHashMap<>();
        PlaceOrderSaga.steps().forEach(step ->
                dueBeforeByStep.put(step.name(), ours.minus(participantLag.current(step.topic(), now))));
        return sagas.claimExpiredDeadlines(dueBeforeByStep, ours, batchSize);
    }

    /** Handles the expired deadline of a saga the caller's transaction has claimed. */
    public void expireDeadline(UUID id) {
        Instant now = Instant.now();
        sagas.find(id).ifPresent(saga -> tracing.inSagaTrace(saga, "saga deadline " + saga.getCurrentStep(),
                () -> expireDeadline(saga, now)));
    }

    /** Claims and handles one saga's deadline if it is still due and no other replica holds it. */
    public void expireDeadlineIfStillDue(UUID id) {
        if (sagas.claimIfDeadlinePassed(id)) {
            expireDeadline(id);
        }
    }

    /** Moves a deadline that could not be handled {@code by} later; returns the saga's order ID (empty if none). */
    public Optional<String> postponeDeadline(UUID id, Duration by) {
        return sagas.postponeDeadline(id, Instant.now().plus(by));
    }

    private Void expireDeadline(Saga saga, Instant now) {
        try (LogContext.Scope ignored = LogContext.forOrder(saga.getOrderId(), saga.getId().toString())) {
            SagaStep step = PlaceOrderSaga.step(saga.getCurrentStep());
            Instant sentAt = saga.getPendingSentAt();
            Optional<String> queued = sentAt == null || !now.isBefore(sentAt.plus(maxQueuedWait)) ? Optional.empty()
                    : queues.queuedAhead(step.topic(), saga.getOrderId(), saga.getPendingCommandId(), sentAt)
                            .or(() -> queues.repliesUnread(saga.getOrderId(), saga.getPendingCommandId(), sentAt));
            if (queued.isPresent()) {
                saga.holdQueuedCommand(now, now.plus(policy.timeoutFor(step.name(), 1)), queued.get());
                sagas.update(saga);
                metrics.deadlineHeldOnCommit(step.topic());
                LOG.infof("%s not answered in time but %s: deadline held", step.commandType(), queued.get());
                return null;
            }
            SagaState before = saga.getState();
            int attempt = saga.getPendingAttempt();
            List<SagaCommand> commands = saga.onDeadlineExpired(now, policy);
            metrics.stepsEndedOnCommit(sagas.update(saga));
            if (!commands.isEmpty() && saga.getCurrentStep().equals(step.name())) {
                metrics.commandResentOnCommit(step.topic());
            }
            send(commands);
            metrics.stateReachedOnCommit(before, saga.getState());
            LOG.warnf("No reply to %s (attempt %d): saga %s%s", saga.getCurrentStep(), attempt, saga.getState(),
                    commands.isEmpty() ? "" : ", command re-sent");
        }
        return null;
    }

    /**
     * An operator's retry or forced compensation of a saga, in the saga's trace; returns false when there is no such
     * saga. The saga refuses an action its state does not allow ({@link IllegalSagaTransitionException}).
     */
    public boolean applyOperatorAction(UUID sagaId, OperatorAction action, String actor, String reason) {
        Optional<Saga> found = sagas.find(sagaId);
        found.ifPresent(saga -> tracing.inSagaTrace(saga, "saga operator " + action.name().toLowerCase(Locale.ROOT),
                () -> applyOperatorAction(saga, action, actor, reason)));
        return found.isPresent();
    }

    private Void applyOperatorAction(Saga saga, OperatorAction action, String actor, String reason) {
        try (LogContext.Scope ignored = LogContext.forOrder(saga.getOrderId(), saga.getId().toString())) {
            SagaState before = saga.getState();
            Instant now = Instant.now();
            List<SagaCommand> commands = switch (action) {
                case RETRY -> saga.retry(actor, reason, now, policy);
                case COMPENSATE -> saga.forceCompensation(actor, reason, now, policy);
            };
            metrics.stepsEndedOnCommit(sagas.update(saga));
            send(commands);
            metrics.stateReachedOnCommit(before, saga.getState());
            LOG.infof("Operator %s by %s (%s): saga %s -> %s at %s", action, actor, reason, before, saga.getState(),
                    saga.getCurrentStep());
        }
        return null;
    }

    /** The saga's own timeline says which reply answered its pending command, and how long that command waited. */
    private void participantLagFrom(List<SagaEvent> recorded, Instant now) {
        for (SagaEvent event : recorded) {
            if (event.kind() == SagaEventKind.REPLY_RECEIVED && event.durationMs() != null) {
                participantLag.commandAnswered(PlaceOrderSaga.step(event.step()).topic(),
                        Duration.ofMillis(event.durationMs()), now, replyLag.current(now));
            }
        }
    }

    private void send(List<SagaCommand> commands) {
        for (SagaCommand command : commands) {
            outbox.publish(command.topic(), command.orderId(), command.type(), command.payload());
        }
    }

    private SagaData sagaData(JsonNode orderPlaced) {
        try {
            List<OrderItem> items = Arrays.asList(json.treeToValue(orderPlaced.get("items"), OrderItem[].class));
            ShippingAddress address = json.treeToValue(orderPlaced.get("shippingAddress"), ShippingAddress.class);
            return new SagaData(orderPlaced.path("customerId").asText(), items, address);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("OrderPlaced without readable items or shipping address", e);
        }
    }
}
