package org.ordersaga.chassis.messaging;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.JDBCConnectionException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/**
 * Tells failures that another try may cure from those it will not. Looks through the whole chain of causes and
 * suppressed exceptions: Hibernate, Agroal and Narayana wrap the driver's {@link SQLException}, and a failed commit
 * carries the resource's failure only as a suppressed exception.
 */
public final class TransientFailures {

    /** What a failure says about trying again. */
    public enum Kind {
        /** Lost a race with a concurrent transaction: the next try sees the winner's rows. */
        RACE,
        /** The database cannot be reached or is restarting: nothing is wrong with the work itself. */
        INFRASTRUCTURE,
        /** A bug, a refused value, a contract violation: the same work fails the same way again. */
        PERMANENT
    }

    /** Agroal's message when no connection became free or could be opened in time; it carries no SQLState. */
    private static final String AGROAL_ACQUISITION_TIMEOUT = "Acquisition timeout";

    private TransientFailures() {
    }

    public static Kind classify(Throwable failure) {
        Kind found = Kind.PERMANENT;
        for (Throwable cause : chain(failure)) {
            Kind kind = classifyOne(cause);
            if (kind == Kind.INFRASTRUCTURE) {
                return kind;
            }
            if (kind == Kind.RACE) {
                found = kind;
            }
        }
        return found;
    }

    /** The database's own words for a failure (SQLState and the driver's message), else the failure's message. */
    public static String databaseError(Throwable failure) {
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private static Kind classifyOne(Throwable cause) {
        if (cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
            return Kind.INFRASTRUCTURE;
        }
        if (cause instanceof OptimisticLockException || cause instanceof PessimisticLockException
                || cause instanceof StaleObjectStateException) {
            return Kind.RACE;
        }
        if (!(cause instanceof SQLException sql)) {
            return Kind.PERMANENT;
        }
        String state = sql.getSQLState();
        if (state == null) {
            boolean poolTimeout = sql.getCause() instanceof TimeoutException
                    || (sql.getMessage() != null && sql.getMessage().startsWith(AGROAL_ACQUISITION_TIMEOUT));
            return poolTimeout ? Kind.INFRASTRUCTURE : Kind.PERMANENT;
        }
        // 08 connection exception; 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now;
        // 53300 too_many_connections
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300")) {
            return Kind.INFRASTRUCTURE;
        }
        // 40001 serialization_failure, 40P01 deadlock_detected; 23505 unique_violation: a concurrent transaction
        // inserted the same key first (two deliveries of one message, a saga started twice), and the retry sees it
        if (state.startsWith("40") || state.equals("23505")) {
            return Kind.RACE;
        }
        return Kind.PERMANENT;
    }

    private static Iterable<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        next.add(failure);
        while (!next.isEmpty()) {
            Throwable current = next.poll();
            if (current == null || !seen.add(current)) {
                continue;
            }
            if (current.getCause() != null) {
                next.add(current.getCause());
            }
            Collections.addAll(next, current.getSuppressed());
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                next.add(sql.getNextException());
            }
        }
        return seen;
    }
}
