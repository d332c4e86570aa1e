package org.ordersaga.orchestrator.domain;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of one PlaceOrder saga; {@link #canBecome} is the whole state machine. */
public enum SagaState {
    /** Forward steps are being executed. */
    RUNNING,
    /** A step before the pivot failed: completed steps are undone, then the order is rejected. */
    COMPENSATING,
    /** Every step succeeded: the order is approved. */
    COMPLETED,
    /** Compensated and the order rejected. */
    REJECTED,
    /** A step after the pivot exhausted its re-sends; needs an operator (or a late reply resumes it). */
    STUCK,
    /** A compensation exhausted its re-sends; needs an operator (or a late reply resumes it). */
    COMPENSATION_FAILED;

    public boolean canBecome(SagaState next) {
        return allowedNext().contains(next);
    }

    /** Nothing happens to the saga any more: no reply, deadline or operator action changes it. */
    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED;
    }

    public boolean isActive() {
        return this == RUNNING || this == COMPENSATING;
    }

    private Set<SagaState> allowedNext() {
        return switch (this) {
            case RUNNING -> EnumSet.of(COMPENSATING, COMPLETED, STUCK);
            case COMPENSATING -> EnumSet.of(REJECTED, COMPENSATION_FAILED);
            case STUCK -> EnumSet.of(RUNNING);
            case COMPENSATION_FAILED -> EnumSet.of(COMPENSATING);
            case COMPLETED, REJECTED -> EnumSet.noneOf(SagaState.class);
        };
    }
}
