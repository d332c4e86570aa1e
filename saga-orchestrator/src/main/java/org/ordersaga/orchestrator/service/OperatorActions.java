package org.ordersaga.orchestrator.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.orchestrator.domain.IllegalSagaTransitionException;

import java.util.UUID;

/** Runs an operator action in its own transaction and turns every refusal into a problem; a refusal changes nothing. */
@ApplicationScoped
public class OperatorActions {

    private final SagaOrchestrator orchestrator;

    public OperatorActions(SagaOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    public void perform(UUID sagaId, OperatorAction action, String actor, String reason) {
        boolean found;
        try {
            found = QuarkusTransaction.requiringNew()
                    .call(() -> orchestrator.applyOperatorAction(sagaId, action, actor, reason));
        } catch (RuntimeException e) {
            IllegalSagaTransitionException refused = causeOfType(e, IllegalSagaTransitionException.class);
            if (refused != null) {
                throw new ProblemException(409, "Saga action refused", refused.getMessage());
            }
            if (causeOfType(e, OptimisticLockException.class) != null
                    || causeOfType(e, StaleStateException.class) != null) {
                throw new ProblemException(409, "Saga changed concurrently",
                        "The saga moved on while the action was applied; reload it and decide again");
            }
            throw e;
        }
        if (!found) {
            throw new ProblemException(404, "Saga not found", "No saga with id " + sagaId);
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
