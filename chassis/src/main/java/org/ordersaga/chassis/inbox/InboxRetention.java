package org.ordersaga.chassis.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes inbox rows (consumed message IDs, recorded replies, REST idempotency keys) older than
 * {@code ordersaga.inbox.retention}, a batch per transaction.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    private final DataSource dataSource;
    private final InboxConfig config;

    public InboxRetention(DataSource dataSource, InboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "${ordersaga.inbox.retention-check-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void deleteExpiredRows() {
        Instant cutoff = Instant.now().minus(config.retention());
        long messages = deleteOlder("inbox.processed_message", "consumer, message_id", "processed_at", cutoff);
        long replies = deleteOlder("inbox.command_reply", "consumer, command_id", "recorded_at", cutoff);
        if (messages + replies > 0) {
            LOG.infof("Deleted %d consumed message IDs and %d recorded replies from before %s", messages, replies,
                    cutoff);
        }
    }

    private long deleteOlder(String table, String key, String timeColumn, Instant cutoff) {
        String sql = "delete from %1$s where (%2$s) in (select %2$s from %1$s where %3$s < ? limit ?)"
                .formatted(table, key, timeColumn);
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> deleteBatch(sql, cutoff));
            total += deleted;
        } while (deleted == config.deleteBatchSize());
        return total;
    }

    private int deleteBatch(String sql, Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.setInt(2, config.deleteBatchSize());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Inbox retention failed", e);
        }
    }
}
