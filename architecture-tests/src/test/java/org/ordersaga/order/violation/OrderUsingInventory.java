package org.ordersaga.order.violation;

import org.ordersaga.inventory.domain.ReservationState;

/** Breaks the services' independence on purpose: order code that uses inventory's classes. */
public class OrderUsingInventory {

    ReservationState state;
}
