package org.ordersaga.orchestrator.domain;

import java.time.Duration;
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
 * {@link #begin}, {@link #onReply}, {@link #onDeadlineExpired} or an operator action ({@link #retry},
 * {@link #forceCompensation}), which return the commands to send and append to the timeline ({@link #drainNewEvents}).
 * Concurrent replicas are kept apart by {@link #getVersion()}: a store of the saga succeeds only over the version it
 * was restored at ({@link SagaSnapshot}).
 */
public class Saga {

    /** The rejection reason of a saga an operator turned to compensation (RejectOrder's {@code reason}). */
    public static final String OPERATOR_COMPENSATED = "OPERATOR_COMPENSATED";

    private UUID id;
    private String orderId;
    private SagaState state;
    private String currentStep;
    private SagaData data;
    private String traceId;
    /** The command awaiting its reply; kept after exhaustion so a late reply can still resume the saga. */
    private UUID pendingCommandId;
    private int pendingAttempt;
    /** When the pending command is re-sent or given up; null when nothing is awaited by the deadline job. */
    private Instant pendingDeadline;
    /** When the pending command was first sent (or re-sent by an operator): the step's latency starts here. */
    private Instant pendingSentAt;
    private int eventCount;
    private long version;
    private Instant createdAt;
    private Instant updatedAt;

    private final List<SagaEvent> newEvents = new ArrayList<>();

    private Saga() {
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

    /** The saga as it was stored; its timeline is not loaded. */
    public static Saga restore(SagaSnapshot stored) {
        Saga saga = new Saga();
        saga.id = stored.id();
        saga.orderId = stored.orderId();
        saga.state = stored.state();
        saga.currentStep = stored.currentStep();
        saga.data = stored.data();
        saga.traceId = stored.traceId();
        saga.pendingCommandId = stored.pendingCommandId();
        saga.pendingAttempt = stored.pendingAttempt();
        saga.pendingDeadline = stored.pendingDeadline();
        saga.pendingSentAt = stored.pendingSentAt();
        saga.eventCount = stored.eventCount();
        saga.version = stored.version();
        saga.createdAt = stored.createdAt();
        saga.updatedAt = stored.updatedAt();
        return saga;
    }

    /** Every field a store writes, at the current version. */
    public SagaSnapshot snapshot() {
        return new SagaSnapshot(id, orderId, state, currentStep, data, traceId, pendingCommandId, pendingAttempt,
                pendingDeadline, pendingSentAt, eventCount, version, createdAt, updatedAt);
    }

    /** The store over {@link #getVersion()} succeeded: the next one must be over the version after it. */
    public void stored() {
        version++;
    }

    /** Handles a participant's reply; a reply that is not for the pending command is recorded and ignored. */
    public List<SagaCommand> onReply(SagaReply reply, Instant now, DeadlinePolicy policy) {
        if (pendingCommandId == null || !pendingCommandId.equals(reply.commandId())) {
            return ignore(reply, now, "not the pending command (late or duplicate reply)");
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        if (reply.type().equals(step.successReply())) {
            recordStepEnd(now, SagaEventKind.REPLY_RECEIVED, step, reply.type(), "success");
            resumeIfParked(now);
            step.applySuccess(data, reply);
            return proceedAfter(step, now, policy);
        }
        if (step.canFail() && step.failureReplies().contains(reply.type())) {
            recordStepEnd(now, SagaEventKind.REPLY_RECEIVED, step, reply.type(), "failure: " + reply.text("reason"));
            return turnAround(step, false, reply.text("reason"), reply.text("detail"), now, policy);
        }
        return ignore(reply, now, "reply type not expected by step " + step.name());
    }

    /**
     * The pending command's deadline passed while the command is still unread in its participant's partition, or a
     * reply for the order unread in the orchestrator's ({@code why}): a re-send would only queue behind it, or answer
     * nothing new. The deadline moves to {@code until}; no attempt is used.
     */
    public void holdQueuedCommand(Instant now, Instant until, String why) {
        if (!state.isActive() || pendingDeadline == null || pendingDeadline.isAfter(now)) {
            return;
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        pendingDeadline = until;
        record(new SagaEvent(++eventCount, now, SagaEventKind.COMMAND_QUEUED, step.name(), step.commandType(),
                pendingCommandId, pendingAttempt, until, null, null, why));
    }

    /** The pending command got no reply in time: re-send it, or give the step up once it has used its attempts. */
    public List<SagaCommand> onDeadlineExpired(Instant now, DeadlinePolicy policy) {
        if (!state.isActive() || pendingDeadline == null || pendingDeadline.isAfter(now)) {
            return List.of();
        }
        SagaStep step = PlaceOrderSaga.step(currentStep);
        if (policy.mayResend(pendingAttempt)) {
            record(now, SagaEventKind.DEADLINE_EXPIRED, step.name(), step.commandType(), pendingCommandId,
                    pendingAttempt, "no reply by " + pendingDeadline);
            return List.of(resend(step, pendingAttempt + 1, now, policy, "next deadline"));
        }
        recordStepEnd(now, SagaEventKind.DEADLINE_EXPIRED, step, step.commandType(), "no reply by " + pendingDeadline
                + ", attempts used up");
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

    /**
     * Operator action on a parked saga (STUCK or COMPENSATION_FAILED): re-sends the pending command, same command id
     * and payload so participants stay idempotent, with a fresh set of deadlines.
     */
    public List<SagaCommand> retry(String actor, String reason, Instant now, DeadlinePolicy policy) {
        refuseInFinalState("retried");
        if (state != SagaState.STUCK && state != SagaState.COMPENSATION_FAILED) {
            throw new IllegalSagaTransitionException("Saga " + id + " is " + state
                    + ": only a STUCK or COMPENSATION_FAILED saga is retried; the deadline job re-sends active steps");
        }
        recordOperatorAction(now, SagaEventKind.OPERATOR_RETRY, actor, reason);
        changeState(state == SagaState.STUCK ? SagaState.RUNNING : SagaState.COMPENSATING, now,
                "operator retry by " + actor);
        return List.of(resend(PlaceOrderSaga.step(currentStep), 1, now, policy, "operator retry, deadline"));
    }

    /**
     * Operator action: turns the saga to compensation from where it is. A running step up to the pivot is treated as
     * timed out (it may have had its effect, so it is undone too); a failed compensation is re-sent. After the pivot
     * nothing is compensated, so a saga past it (running or STUCK) is refused: retry it instead.
     */
    public List<SagaCommand> forceCompensation(String actor, String reason, Instant now, DeadlinePolicy policy) {
        refuseInFinalState("compensated");
        SagaStep step = PlaceOrderSaga.step(currentStep);
        if (state == SagaState.COMPENSATION_FAILED) {
            recordOperatorAction(now, SagaEventKind.OPERATOR_COMPENSATE, actor, reason);
            changeState(SagaState.COMPENSATING, now, "operator compensation by " + actor);
            return List.of(resend(step, 1, now, policy, "operator compensation, deadline"));
        }
        if (state != SagaState.RUNNING || !step.canFail()) {
            throw new IllegalSagaTransitionException("Saga " + id + " is " + state + " at " + currentStep + ": "
                    + (state == SagaState.COMPENSATING ? "it is compensating already"
                    : "past the pivot nothing is compensated; retry it instead"));
        }
        recordOperatorAction(now, SagaEventKind.OPERATOR_COMPENSATE, actor, reason);
        return turnAround(step, true, OPERATOR_COMPENSATED, "by " + actor + ": " + reason, now, policy);
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
        pendingSentAt = null;
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
        pendingSentAt = now;
        pendingDeadline = now.plus(policy.timeoutFor(step.name(), 1));
        record(new SagaEvent(++eventCount, now, SagaEventKind.COMMAND_SENT, step.name(), step.commandType(),
                pendingCommandId, pendingAttempt, pendingDeadline, null, null, "to " + step.topic()));
        return pendingCommand();
    }

    /** Sends the pending command again as {@code attempt}; attempt 1 (operator) restarts the step's clock too. */
    private SagaCommand resend(SagaStep step, int attempt, Instant now, DeadlinePolicy policy, String detail) {
        pendingAttempt = attempt;
        if (attempt == 1) {
            pendingSentAt = now;
        }
        pendingDeadline = now.plus(policy.timeoutFor(step.name(), attempt));
        record(new SagaEvent(++eventCount, now, SagaEventKind.COMMAND_RESENT, step.name(), step.commandType(),
                pendingCommandId, pendingAttempt, pendingDeadline, null, null, detail + " " + pendingDeadline));
        return pendingCommand();
    }

    private void refuseInFinalState(String action) {
        if (state.isFinal()) {
            throw new IllegalSagaTransitionException("Saga " + id + " is " + state + ", a final state: it cannot be "
                    + action);
        }
    }

    private void recordOperatorAction(Instant now, SagaEventKind kind, String actor, String reason) {
        record(new SagaEvent(++eventCount, now, kind, currentStep, null, pendingCommandId, null, null, null,
                Objects.requireNonNull(actor), Objects.requireNonNull(reason)));
    }

    /** The pending command's step ended (reply or given up): records how long it took since it was sent. */
    private void recordStepEnd(Instant now, SagaEventKind kind, SagaStep step, String messageType, String detail) {
        Long durationMs = pendingSentAt == null ? null : Duration.between(pendingSentAt, now).toMillis();
        record(new SagaEvent(++eventCount, now, kind, step.name(), messageType, pendingCommandId, pendingAttempt,
                null, durationMs, null, detail));
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
        record(new SagaEvent(++eventCount, now, kind, step, messageType, commandId, attempt, null, null, null, detail));
    }

    private void record(SagaEvent event) {
        updatedAt = event.at();
        newEvents.add(event);
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

    /** When the pending command was first sent (or re-sent by an operator). */
    public Instant getPendingSentAt() {
        return pendingSentAt;
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
