package org.ordersaga.chassis.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Deletes outbox rows older than {@code ordersaga.outbox.retention}. */
@ApplicationScoped
public class OutboxRetention {

    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);

    private final DataSource dataSource;
    private final OutboxConfig config;

    public OutboxRetention(DataSource dataSource, OutboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "${ordersaga.outbox.retention-check-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void deleteExpiredRows() {
        Instant cutoff = Instant.now().minus(config.retention());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "delete from outbox.outbox_event where created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Deleted %d outbox rows created before %s", deleted, cutoff);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox retention failed", e);
        }
    }
}
