package org.ordersaga.orchestrator.domain;

/** The role of a step in the saga (FTGO terminology). */
public enum StepKind {
    /** Before the pivot; its effect can be undone by a compensation. */
    COMPENSATABLE,
    /**
     * The go/no-go step: once it succeeded the saga can only go forward. Its compensation, if it has one, only runs
     * when its outcome is unknown (no reply, or an operator turned back at it): it may have had its effect anyway.
     */
    PIVOT,
    /** After the pivot; cannot fail for business reasons, only be retried. */
    RETRIABLE,
    /** Runs on the way back: undoes a compensatable step or rejects the order. */
    COMPENSATION
}
