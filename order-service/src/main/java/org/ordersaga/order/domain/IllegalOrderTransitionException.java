package org.ordersaga.order.domain;

public class IllegalOrderTransitionException extends IllegalStateException {

    public IllegalOrderTransitionException(String message) {
        super(message);
    }
}
