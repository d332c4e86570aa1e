package org.ordersaga.notification.service;

import static org.ordersaga.notification.messaging.NotificationMessages.NOTIFICATION_SENT;
import static org.ordersaga.notification.messaging.NotificationMessages.SEND_NOTIFICATION;

import java.time.Clock;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.contracts.Topics;
import org.ordersaga.notification.domain.Notification;
import org.ordersaga.notification.domain.NotificationKind;
import org.ordersaga.notification.messaging.NotificationMessages.NotificationSent;
import org.ordersaga.notification.messaging.NotificationMessages.SendNotification;
import org.ordersaga.notification.persistence.NotificationRepository;
import org.ordersaga.participant.Commands;
import org.ordersaga.participant.Participant;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Records ("sends") at most one notification per order and kind and answers on {@code saga-replies}. */
@ApplicationScoped
public class NotificationCommandHandler implements Participant {

    private static final Logger LOG = Logger.getLogger(NotificationCommandHandler.class);

    private final NotificationRepository notifications;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public NotificationCommandHandler(NotificationRepository notifications, ObjectMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    @Override
    public Commands commands() {
        return Commands.answeredOn(Topics.SAGA_REPLIES, mapper)
                .on(SEND_NOTIFICATION, SendNotification.class, this::send);
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
}
