package org.ordersaga.chassis.messaging.violation;

import org.ordersaga.chassis.chaos.FaultInjector;

/** Breaks the chassis' layering on purpose: messaging that calls fault injection directly. */
public class MessagingUsingFaults {

    FaultInjector faults;
}
