package org.ordersaga.chassis.chaos;

/** A failure made up by fault injection, so that logs tell it apart from a real one. */
public class InjectedFaultException extends RuntimeException {

    public InjectedFaultException(String message) {
        super(message);
    }
}
