package org.ordersaga.chassis.messaging;

import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import org.ordersaga.chassis.inbox.Inbox;
import org.ordersaga.chassis.inbox.ReplyLog;
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
    private final ReplyLog replies;
    private final Outbox outbox;
    private final BeforeMessageHook beforeMessage;

    public CommandReplies(Inbox inbox, ReplyLog replies, Outbox outbox, BeforeMessageHook beforeMessage) {
        this.inbox = inbox;
        this.replies = replies;
        this.outbox = outbox;
        this.beforeMessage = beforeMessage;
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
            Optional<Reply> recorded = replies.recorded(consumer, commandId);
            LOG.infof("Duplicate %s %s: %s", command.type(), commandId,
                    recorded.map(r -> "answering " + r.type() + " again").orElse("it had no reply"));
            recorded.ifPresent(reply -> outbox.publish(replyTopic, orderId, reply.type(), reply.payload()));
            return;
        }
        effect.get().ifPresent(reply -> {
            replies.record(consumer, commandId, reply);
            outbox.publish(replyTopic, orderId, reply.type(), reply.payload());
        });
    }
}
