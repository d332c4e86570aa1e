package org.ordersaga.chassis.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Idempotent consumption: records a message id in the same transaction as the message's effect, so a redelivered
 * message is recognised and its effect is not applied twice.
 */
@ApplicationScoped
public class Inbox {

    private static final String INSERT = """
            insert into inbox.processed_message (consumer, message_id) values (?, ?)
            on conflict do nothing""";

    private final DataSource dataSource;

    public Inbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True the first time {@code consumer} sees {@code messageId}: apply the effect. False for a duplicate. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String messageId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, consumer);
            insert.setString(2, messageId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record message " + messageId + " for " + consumer, e);
        }
    }
}
