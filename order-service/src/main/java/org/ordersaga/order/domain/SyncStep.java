package org.ordersaga.order.domain;

/**
 * A step the synchronous chain still owes an order once its fate is known: after the pivot (settle, capture, approve,
 * notify) or after a failure before it (undo, reject, notify). Recorded on the order so that the recovery sweep can
 * resume the chain where it stopped.
 */
public enum SyncStep {
    /** The reserved stock leaves {@code reserved} for {@code settled}: the order ships (issue 13, defect 9). */
    SETTLE_INVENTORY,
    CAPTURE_PAYMENT,
    APPROVE,
    NOTIFY_CONFIRMED,
    /** Undoes a schedule whose call timed out: fulfillment may have committed it (and refuses it once cancelled). */
    CANCEL_SHIPMENT,
    VOID_PAYMENT,
    RELEASE_INVENTORY,
    REJECT,
    NOTIFY_REJECTED
}
