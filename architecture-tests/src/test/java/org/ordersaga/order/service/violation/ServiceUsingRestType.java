package org.ordersaga.order.service.violation;

import org.ordersaga.order.rest.OrderAccepted;

/** Breaks the layering on purpose: a service class that knows what a resource answers. */
public class ServiceUsingRestType {

    OrderAccepted accepted;
}
