package org.ordersaga.fulfillment.domain;

public enum ShipmentState {
    /** Delivery is planned; the saga's pivot: nothing after it is compensated. */
    SCHEDULED
}
