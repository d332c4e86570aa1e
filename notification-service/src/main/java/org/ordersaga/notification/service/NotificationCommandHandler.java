package org.ordersaga.notification.service;

import static org.ordersaga.notification.messaging.NotificationMessages.NOTIFICATION_SENT;
import static org.ordersaga.notification.messaging.NotificationMessages.SEND_NOTIFICATION;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.CommandReplies;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.notification.domain.Notification;
import org.ordersaga.notification.domain.NotificationKind;
import org.ordersaga.notification.messaging.NotificationMessages.NotificationSent;
import org.ordersaga.notification.messaging.NotificationMessages.SendNotification;
import org.ordersaga.notification.persistence.NotificationRepository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Records ("sends") at most one notification per order and kind and answers on {@code saga-replies}. */
@ApplicationScoped
public class NotificationCommandHandler {

    public static final String CONSUMER = "notification-service";
    public static final String REPLY_TOPIC = "saga-replies";
    private static final Logger LOG = Logger.getLogger(NotificationCommandHandler.class);

    private final NotificationRepository notifications;
    private final CommandReplies replies;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public NotificationCommandHandler(NotificationRepository notifications, CommandReplies replies,
            ObjectMapper mapper) {
        this.notifications = notifications;
        this.replies = replies;
        this.mapper = mapper;
    }

    @Transactional
    public void handle(IncomingMessage command) {
        try (var log = LogContext.forOrder(command.text("orderId"), command.text("sagaId"))) {
            if (SEND_NOTIFICATION.equals(command.type())) {
                replies.answerOnce(CONSUMER, REPLY_TOPIC, command,
                        () -> Optional.of(send(read(command, SendNotification.class))));
            } else {
                LOG.warnf("Ignoring message of unknown type %s (id %s)", command.type(), command.id());
            }
        }
    }

    /**
     * The same command arriving over the synchronous REST endpoint (key = command id): the effect and its reply in the
     * caller's transaction, without inbox or outbox, which {@code IdempotentCommands} replaces.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reply apply(IncomingMessage command) {
        if (!SEND_NOTIFICATION.equals(command.type())) {
            throw new IllegalArgumentException("Not a notification command: " + command.type());
        }
        return send(read(command, SendNotification.class));
    }

    private Reply send(SendNotification command) {
        NotificationKind kind = NotificationKind.valueOf(command.kind());
        notifications.find(command.orderId(), kind).ifPresentOrElse(
                existing -> LOG.infof("%s already sent at %s", kind, existing.sentAt()),
                () -> {
                    Notification notification = Notification.send(command.orderId(), kind, command.customerId(),
                            command.text(), clock.instant());
                    notifications.persist(notification);
                    LOG.infof("Sent %s to %s: %s", kind, command.customerId(), command.text());
                });
        return new Reply(NOTIFICATION_SENT, new NotificationSent(command.commandId(), command.sagaId(), command.orderId()));
    }

    private <T> T read(IncomingMessage command, Class<T> type) {
        try {
            return mapper.treeToValue(command.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(command.type() + " payload does not match its contract", e);
        }
    }
}
