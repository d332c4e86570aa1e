package org.ordersaga.fulfillment.domain;

public enum ShipmentState {
    /** Delivery is planned; the saga's pivot: nothing after it is compensated. */
    SCHEDULED,
    /**
     * The order gave up on its shipment before learning it was scheduled (the pivot timed out, an operator compensated
     * at it, the synchronous chain's call timed out): the shipment is called off, or none was scheduled and none will
     * be — a later ScheduleShipment for the order is refused.
     */
    CANCELLED
}
