package org.ordersaga.chassis.violation;

import org.ordersaga.order.config.OrderMode;

/** Breaks the chassis' independence on purpose: chassis code that uses a service's class. */
public class ChassisUsingOrder {

    OrderMode mode;
}
