package org.ordersaga.chassis.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.ordersaga.chassis.inbox.Inbox;
import org.ordersaga.chassis.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A participant's idempotent command handling: the effect runs once per command id (inbox), its reply is recorded and
 * published through the outbox in the same transaction, and a duplicate command is answered with the recorded reply.
 */
@ApplicationScoped
public class CommandReplies {

    private static final Logger LOG = Logger.getLogger(CommandReplies.class);

    private final Inbox inbox;
    private final Outbox outbox;
    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final BeforeMessageHook beforeMessage;

    public CommandReplies(Inbox inbox, Outbox outbox, DataSource dataSource, ObjectMapper mapper,
            BeforeMessageHook beforeMessage) {
        this.inbox = inbox;
        this.beforeMessage = beforeMessage;
        this.outbox = outbox;
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /**
     * Runs {@code effect} if {@code command} is new for {@code consumer} and publishes its reply to {@code replyTopic}
     * keyed by the order id; an effect returning empty sends nothing. A duplicate re-publishes the recorded reply.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void answerOnce(String consumer, String replyTopic, IncomingMessage command, Supplier<Optional<Reply>> effect) {
        String commandId = command.text("commandId");
        if (commandId == null) {
            throw new IllegalArgumentException(command.type() + " without commandId");
        }
        String orderId = command.text("orderId");
        // The hook (fault injection) acts before the inbox: a held or failed command is not recorded, so a re-send
        // applies it.
        beforeMessage.beforeMessage(command.type() + " " + commandId);
        if (!inbox.firstDelivery(consumer, commandId)) {
            Optional<Reply> recorded = recordedReply(consumer, commandId);
            LOG.infof("Duplicate %s %s: %s", command.type(), commandId,
                    recorded.map(r -> "answering " + r.type() + " again").orElse("it had no reply"));
            recorded.ifPresent(reply -> outbox.publish(replyTopic, orderId, reply.type(), reply.payload()));
            return;
        }
        effect.get().ifPresent(reply -> {
            record(consumer, commandId, reply);
            outbox.publish(replyTopic, orderId, reply.type(), reply.payload());
        });
    }

    private void record(String consumer, String commandId, Reply reply) {
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

    private Optional<Reply> recordedReply(String consumer, String commandId) {
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
