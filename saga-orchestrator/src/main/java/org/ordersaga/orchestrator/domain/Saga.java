package org.ordersaga.orchestrator.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One run of {@link PlaceOrderSaga} for one order. It owns its state machine: every change goes through
 * {@link #start}, {@link #onReply} or {@link #onDeadlineExpired}, which return the commands to send and append to the
 * timeline ({@link #drainNewEvents}). Concurrent replicas are kept apart by the {@code version} column.
 */
@Entity
@Table(name = "saga")
public class Saga {

    @Id
    private UUID id;

    @Column(name = "order_id", nullable = false, unique = true)
    private String orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SagaState state;

    @Column(name = "current_step", nullable = false)
    private String currentStep;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private SagaData data;

    @Column(name = "trace_id")
    private String traceId;

    /** The command awaiting its reply; kept after exhaustion so a late reply can still resume the saga. */
    @Column(name = "pending_command_id")
    private UUID pendingCommandId;

    @Column(name = "pending_attempt")
    private int pendingAttempt;

    /** When the pending command is re-sent or given up; null when nothing is awaited by the deadline job. */
    @Column(name = "pending_deadline")
    private Instant pendingDeadline;

    @Column(name = "event_count", nullable = false)
    private int eventCount;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private final List<SagaEvent> newEvents = new ArrayList<>();

    protected Saga() {
    }

    private Saga(UUID id, String orderId, SagaData data, String traceId, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.orderId = Objects.requireNonNull(orderId);
        this.data = Objects.requireNonNull(data);
        this.traceId = traceId;
        this.state = SagaState.RUNNING;
        this.currentStep = PlaceOrderSaga.firstStep().name();
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Creates the saga for a placed order with its first command sent: send {@link #pendingCommand()}. */
    public static Saga begin(UUID id, String orderId, SagaData data, String traceId, Instant now,
                             DeadlinePolicy policy) {
        Saga saga = new Saga(id, orderId, data, traceId, now);
        saga.record(now, SagaEventKind.SAGA_STARTED, null, null, null, null, "order " + orderId);
        saga.send(PlaceOrderSaga.firstStep(), now, policy);
        return saga;
    }

    /** Handles a participant's reply; a reply that is not for the pending command is recorded and ignored. */
    public List<SagaCommand> onReply(SagaReply reply, Instant now, DeadlinePolicy policy) {
        if (pendingCommandId == null || !pendingCommandId.equals(reply.commandId())) {
            return ignore(reply, now, "not the pending command (late or duplicate reply)");
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        if (reply.type().equals(step.successReply())) {
            record(now, SagaEventKind.REPLY_RECEIVED, step.name(), reply.type(), reply.commandId(), pendingAttempt,
                    "success");
            resumeIfParked(now);
            step.applySuccess(data, reply);
            return proceedAfter(step, now, policy);
        }
        if (step.canFail() && step.failureReplies().contains(reply.type())) {
            record(now, SagaEventKind.REPLY_RECEIVED, step.name(), reply.type(), reply.commandId(), pendingAttempt,
                    "failure: " + reply.text("reason"));
            return turnAround(step, false, reply.text("reason"), reply.text("detail"), now, policy);
        }
        return ignore(reply, now, "reply type not expected by step " + step.name());
    }

    /** The pending command got no reply in time: re-send it, or give the step up once it has used its attempts. */
    public List<SagaCommand> onDeadlineExpired(Instant now, DeadlinePolicy policy) {
        if (!state.isActive() || pendingDeadline == null || pendingDeadline.isAfter(now)) {
            return List.of();
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        record(now, SagaEventKind.DEADLINE_EXPIRED, step.name(), step.commandType(), pendingCommandId, pendingAttempt,
                "no reply by " + pendingDeadline);
        if (policy.mayResend(pendingAttempt)) {
            pendingAttempt++;
            pendingDeadline = now.plus(policy.timeoutFor(step.name(), pendingAttempt));
            record(now, SagaEventKind.COMMAND_RESENT, step.name(), step.commandType(), pendingCommandId,
                    pendingAttempt, "next deadline " + pendingDeadline);
            return List.of(pendingCommand());
        }
        pendingDeadline = null;
        String exhausted = "no reply after " + pendingAttempt + " attempts";
        if (state == SagaState.COMPENSATING) {
            changeState(SagaState.COMPENSATION_FAILED, now, exhausted + " to " + step.name());
            return List.of();
        }
        if (step.canFail()) {
            return turnAround(step, true, step.name() + "_TIMED_OUT", exhausted, now, policy);
        }
        changeState(SagaState.STUCK, now, exhausted + " to " + step.name());
        return List.of();
    }

    /** The command awaiting its reply, rebuilt identically (same id, same payload) for a re-send. */
    public SagaCommand pendingCommand() {
        if (pendingCommandId == null) {
            throw new IllegalStateException("Saga " + id + " awaits no reply");
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("commandId", pendingCommandId.toString());
        payload.put("sagaId", id.toString());
        payload.put("orderId", orderId);
        payload.putAll(step.payloadFor(data));
        return new SagaCommand(pendingCommandId, step.name(), step.topic(), step.commandType(), orderId,
                Collections.unmodifiableMap(payload), pendingAttempt);
    }

    /** Timeline entries added since the last call; the caller persists them. */
    public List<SagaEvent> drainNewEvents() {
        List<SagaEvent> drained = List.copyOf(newEvents);
        newEvents.clear();
        return drained;
    }

    private List<SagaCommand> proceedAfter(SagaStep completed, Instant now, DeadlinePolicy policy) {
        if (state == SagaState.RUNNING) {
            return PlaceOrderSaga.stepAfter(completed.name())
                    .map(next -> List.of(send(next, now, policy)))
                    .orElseGet(() -> finish(SagaState.COMPLETED, now, "all steps succeeded"));
        }
        List<SagaStep> plan = PlaceOrderSaga.compensationPlan(data.getFailedStep(), data.isFailedStepOutcomeUnknown());
        int index = plan.indexOf(completed);
        return index + 1 < plan.size()
                ? List.of(send(plan.get(index + 1), now, policy))
                : finish(SagaState.REJECTED, now, "compensated, order rejected: " + data.getRejectionReason());
    }

    private List<SagaCommand> turnAround(SagaStep failed, boolean outcomeUnknown, String reason, String detail,
                                         Instant now, DeadlinePolicy policy) {
        data.recordFailure(failed.name(), outcomeUnknown, reason, detail);
        record(now, SagaEventKind.STEP_FAILED, failed.name(), null, pendingCommandId, pendingAttempt,
                reason + (detail == null ? "" : " (" + detail + ")"));
        changeState(SagaState.COMPENSATING, now, failed.name() + " failed: " + reason);
        SagaStep firstCompensation = PlaceOrderSaga.compensationPlan(failed.name(), outcomeUnknown).get(0);
        return List.of(send(firstCompensation, now, policy));
    }

    private List<SagaCommand> finish(SagaState end, Instant now, String detail) {
        pendingCommandId = null;
        pendingAttempt = 0;
        pendingDeadline = null;
        changeState(end, now, detail);
        return List.of();
    }

    /** A late reply to a parked saga (STUCK / COMPENSATION_FAILED) brings it back to work. */
    private void resumeIfParked(Instant now) {
        if (state == SagaState.STUCK) {
            changeState(SagaState.RUNNING, now, "late reply resumed the saga");
        } else if (state == SagaState.COMPENSATION_FAILED) {
            changeState(SagaState.COMPENSATING, now, "late reply resumed the compensation");
        }
    }

    private SagaCommand send(SagaStep step, Instant now, DeadlinePolicy policy) {
        currentStep = step.name();
        pendingCommandId = UUID.randomUUID();
        pendingAttempt = 1;
        pendingDeadline = now.plus(policy.timeoutFor(step.name(), 1));
        record(now, SagaEventKind.COMMAND_SENT, step.name(), step.commandType(), pendingCommandId, pendingAttempt,
                "to " + step.topic() + ", deadline " + pendingDeadline);
        return pendingCommand();
    }

    private List<SagaCommand> ignore(SagaReply reply, Instant now, String why) {
        record(now, SagaEventKind.REPLY_IGNORED, currentStep, reply.type(), reply.commandId(), null, why);
        return List.of();
    }

    private void changeState(SagaState next, Instant now, String detail) {
        if (!state.canBecome(next)) {
            throw new IllegalSagaTransitionException("Saga " + id + " cannot go from " + state + " to " + next);
        }
        record(now, SagaEventKind.STATE_CHANGED, currentStep, null, null, null, state + " -> " + next + ": " + detail);
        state = next;
    }

    private void record(Instant now, SagaEventKind kind, String step, String messageType, UUID commandId,
                        Integer attempt, String detail) {
        eventCount++;
        updatedAt = now;
        newEvents.add(new SagaEvent(eventCount, now, kind, step, messageType, commandId, attempt, detail));
    }

    public UUID getId() {
        return id;
    }

    public String getOrderId() {
        return orderId;
    }

    public SagaState getState() {
        return state;
    }

    public String getCurrentStep() {
        return currentStep;
    }

    public SagaData getData() {
        return data;
    }

    public String getTraceId() {
        return traceId;
    }

    public UUID getPendingCommandId() {
        return pendingCommandId;
    }

    public int getPendingAttempt() {
        return pendingAttempt;
    }

    public Instant getPendingDeadline() {
        return pendingDeadline;
    }

    public long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
