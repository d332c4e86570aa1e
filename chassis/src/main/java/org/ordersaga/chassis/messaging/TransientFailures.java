package org.ordersaga.chassis.messaging;

import java.sql.SQLException;

import org.jboss.logging.Logger;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/** Retries a transactional action that lost a concurrency race (optimistic lock, deadlock, serialisation failure). */
public final class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);

    private TransientFailures() {
    }

    public static void retry(String what, int attempts, Runnable action) {
        for (int attempt = 1;; attempt++) {
            try {
                action.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isTransient(e)) {
                    throw e;
                }
                LOG.warnf("%s lost a concurrency race (attempt %d of %d), retrying: %s", what, attempt, attempts,
                        e.getMessage());
            }
        }
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof PessimisticLockException
                    || cause.getClass().getName().equals("org.hibernate.StaleObjectStateException")) {
                return true;
            }
            // 40001 serialization_failure, 40P01 deadlock_detected
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }
}
