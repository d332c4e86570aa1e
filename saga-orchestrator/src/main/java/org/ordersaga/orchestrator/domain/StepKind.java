package org.ordersaga.orchestrator.domain;

/** The role of a step in the saga (FTGO terminology). */
public enum StepKind {
    /** Before the pivot; its effect can be undone by a compensation. */
    COMPENSATABLE,
    /** The go/no-go step: once it succeeded the saga can only go forward. */
    PIVOT,
    /** After the pivot; cannot fail for business reasons, only be retried. */
    RETRIABLE,
    /** Runs on the way back: undoes a compensatable step or rejects the order. */
    COMPENSATION
}
