package org.ordersaga.inventory.domain;

public enum ReservationState {
    /** Stock is set aside for a pending order (a semantic lock other orders respect). */
    HELD,
    /** Stock went back to available (compensation). */
    RELEASED
}
