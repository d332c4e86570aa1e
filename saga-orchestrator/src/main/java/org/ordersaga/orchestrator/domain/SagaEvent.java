package org.ordersaga.orchestrator.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a saga's timeline; {@code seq} orders the entries of one saga. {@code deadline} is set on sends,
 * {@code durationMs} where a step ends (reply received or attempts used up), {@code actor} on operator actions.
 */
public record SagaEvent(int seq, Instant at, SagaEventKind kind, String step, String messageType, UUID commandId,
                        Integer attempt, Instant deadline, Long durationMs, String actor, String detail) {

    /** How the step ended when this entry ends one ({@code succeeded}, {@code failed}, {@code timed_out}), else null. */
    public String stepOutcome() {
        return switch (kind) {
            case REPLY_RECEIVED -> detail != null && detail.startsWith("success") ? "succeeded" : "failed";
            // Only the expiry that used up the attempts carries the step's duration.
            case DEADLINE_EXPIRED -> durationMs == null ? null : "timed_out";
            default -> null;
        };
    }
}
