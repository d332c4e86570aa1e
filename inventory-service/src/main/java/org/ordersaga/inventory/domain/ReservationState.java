package org.ordersaga.inventory.domain;

public enum ReservationState {
    /** Stock is set aside for a pending order (a semantic lock other orders respect). */
    HELD,
    /**
     * Stock went back to available (compensation), or the compensation came first and held nothing: either way the
     * order is cancelled here and a later reserve for it is refused.
     */
    RELEASED,
    /** The order is approved: its stock left reserved for good. Final, like RELEASED: nothing changes it any more. */
    SETTLED
}
