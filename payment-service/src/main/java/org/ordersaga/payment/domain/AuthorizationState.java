package org.ordersaga.payment.domain;

public enum AuthorizationState {
    /** The amount is held for a pending order (a semantic lock on the customer's credit). */
    AUTHORIZED,
    /** The held amount is taken (after the saga's pivot). */
    CAPTURED,
    /**
     * The hold is released (compensation), or the compensation came first and held nothing: either way the order is
     * cancelled here and a later authorize for it is refused.
     */
    VOIDED
}
