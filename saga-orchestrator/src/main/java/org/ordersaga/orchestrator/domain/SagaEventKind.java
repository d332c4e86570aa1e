package org.ordersaga.orchestrator.domain;

/** What a timeline entry records. */
public enum SagaEventKind {
    SAGA_STARTED,
    COMMAND_SENT,
    COMMAND_RESENT,
    REPLY_RECEIVED,
    /** A reply that is not for the pending command (late, duplicate) or not expected by the step. */
    REPLY_IGNORED,
    DEADLINE_EXPIRED,
    /** The deadline passed while the command, or a reply for the order, was still unread in its partition: it waits. */
    COMMAND_QUEUED,
    STEP_FAILED,
    STATE_CHANGED,
    /** An operator re-sent the pending command of a parked saga (actor and reason recorded). */
    OPERATOR_RETRY,
    /** An operator turned the saga to compensation (actor and reason recorded). */
    OPERATOR_COMPENSATE
}
