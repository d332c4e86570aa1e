package org.ordersaga.orchestrator.service;

/** What an operator can do to a saga that needs help. */
public enum OperatorAction {
    /** Re-send the pending command of a STUCK or COMPENSATION_FAILED saga, with fresh deadlines. */
    RETRY,
    /** Turn the saga to compensation from where it is (up to the pivot), or re-send a failed compensation. */
    COMPENSATE
}
