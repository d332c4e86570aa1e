package org.ordersaga.orchestrator.rest;

import org.ordersaga.orchestrator.domain.PlaceOrderSaga;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaData;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaEventKind;
import org.ordersaga.orchestrator.domain.SagaState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A saga as an on-call engineer reads it: where it is, what each step did, and the full timeline. */
public record SagaView(UUID id, String orderId, String traceId, SagaState state, String currentStep,
                       PendingCommand pendingCommand, SagaData data, List<StepView> steps, List<SagaEvent> timeline,
                       Instant createdAt, Instant updatedAt, long version) {

    public record PendingCommand(UUID commandId, String step, int attempt, Instant deadline) {
    }

    /**
     * One command of the saga (forward step or compensation) and how it ended: {@code attempts} counts its sends,
     * {@code deadline} is that of the latest send, {@code durationMs} runs from the send to the reply or giving up.
     */
    public record StepView(String step, String kind, String commandType, UUID commandId, String status, int attempts,
                           Instant sentAt, Instant deadline, Instant finishedAt, Long durationMs, String outcome) {
    }

    public static SagaView of(Saga saga, List<SagaEvent> timeline) {
        PendingCommand pending = saga.getPendingCommandId() == null ? null
                : new PendingCommand(saga.getPendingCommandId(), saga.getCurrentStep(), saga.getPendingAttempt(),
                saga.getPendingDeadline());
        return new SagaView(saga.getId(), saga.getOrderId(), saga.getTraceId(), saga.getState(),
                saga.getCurrentStep(), pending, saga.getData(), steps(timeline), timeline, saga.getCreatedAt(),
                saga.getUpdatedAt(), saga.getVersion());
    }

    /** Folds the timeline into one entry per command sent. */
    static List<StepView> steps(List<SagaEvent> timeline) {
        Map<UUID, StepView> byCommand = new LinkedHashMap<>();
        for (SagaEvent event : timeline) {
            UUID command = event.commandId();
            StepView step = command == null ? null : byCommand.get(command);
            if (event.kind() == SagaEventKind.COMMAND_SENT) {
                byCommand.put(command, new StepView(event.step(), PlaceOrderSaga.step(event.step()).kind().name(),
                        event.messageType(), command, "AWAITING_REPLY", 1, event.at(), event.deadline(), null, null,
                        null));
            } else if (step != null && event.kind() == SagaEventKind.COMMAND_RESENT) {
                byCommand.put(command, new StepView(step.step(), step.kind(), step.commandType(), command,
                        "AWAITING_REPLY", step.attempts() + 1, step.sentAt(), event.deadline(), null, null, null));
            } else if (step != null && event.stepOutcome() != null) {
                String outcome = event.kind() == SagaEventKind.REPLY_RECEIVED ? event.messageType() : event.detail();
                byCommand.put(command, new StepView(step.step(), step.kind(), step.commandType(), command,
                        event.stepOutcome().toUpperCase(Locale.ROOT), step.attempts(), step.sentAt(), step.deadline(),
                        event.at(), event.durationMs(), outcome));
            } else if (step != null && event.kind() == SagaEventKind.STEP_FAILED
                    && step.status().equals("AWAITING_REPLY")) {
                // Turned to compensation while awaiting the reply (operator): the outcome stays unknown.
                byCommand.put(command, new StepView(step.step(), step.kind(), step.commandType(), command,
                        "ABANDONED", step.attempts(), step.sentAt(), step.deadline(), event.at(), null,
                        event.detail()));
            }
        }
        return new ArrayList<>(byCommand.values());
    }
}
