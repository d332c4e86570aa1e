package org.ordersaga.orchestrator.domain;

public class IllegalSagaTransitionException extends IllegalStateException {

    public IllegalSagaTransitionException(String message) {
        super(message);
    }
}
