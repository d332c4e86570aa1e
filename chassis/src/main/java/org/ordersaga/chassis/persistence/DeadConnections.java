package org.ordersaga.chassis.persistence;

import org.ordersaga.chassis.messaging.TransientFailures;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the pool does when the database was lost. A terminated backend, a restart or a failover kills every pooled
 * connection at once, but Agroal drops only the one a failure came through: each other dead connection would fail one
 * more request before it is gone. So every path that sees the database unreachable asks here, and the pool then
 * validates its idle connections and drops the dead ones (on its own housekeeping thread, so the caller does not wait).
 */
@ApplicationScoped
public class DeadConnections {

    private final AgroalDataSource dataSource;

    public DeadConnections(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether {@code failure} says the database could not be reached ({@link TransientFailures}); if so, flushes. */
    public boolean unreachable(Throwable failure) {
        if (TransientFailures.classify(failure) != TransientFailures.Kind.INFRASTRUCTURE) {
            return false;
        }
        dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        return true;
    }
}
