package org.ordersaga.chassis.chaos;

/** The faults a service injects right now: into its REST handlers and into its message handlers. */
public record Faults(FaultSpec rest, FaultSpec messages) {

    public static final Faults NONE = new Faults(FaultSpec.NONE, FaultSpec.NONE);
}
