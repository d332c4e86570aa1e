package org.ordersaga.chassis.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.ordersaga.chassis.messaging.Reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The answer given to each command the inbox let through ({@code inbox.command_reply}), written in the transaction of
 * its effect, so that a duplicate (a re-sent command, a retried request) is answered the same way without a second
 * effect. Kept as long as the inbox keeps the command's id (InboxRetention).
 */
@ApplicationScoped
public class ReplyLog {

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public ReplyLog(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String consumer, String commandId, Reply reply) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into inbox.command_reply (consumer, command_id, reply_type, payload)
                        values (?, ?, ?, cast(? as jsonb))""")) {
            insert.setString(1, consumer);
            insert.setString(2, commandId);
            insert.setString(3, reply.type());
            insert.setString(4, mapper.writeValueAsString(reply.payload()));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + reply.type(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the reply to " + commandId, e);
        }
    }

    /** The reply recorded for {@code commandId}, its payload as a JSON tree; empty when it had none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Reply> recorded(String consumer, String commandId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select reply_type, payload from inbox.command_reply where consumer = ? and command_id = ?")) {
            select.setString(1, consumer);
            select.setString(2, commandId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Reply(row.getString(1), mapper.readTree(row.getString(2))))
                        : Optional.empty();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Recorded reply to " + commandId + " is not JSON", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the reply to " + commandId, e);
        }
    }
}
