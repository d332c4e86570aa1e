package org.ordersaga.notification.messaging;

/** Payloads of the messages notification-service consumes and produces (contracts/v1). */
public final class NotificationMessages {

    public static final String SEND_NOTIFICATION = "SendNotification";
    public static final String NOTIFICATION_SENT = "NotificationSent";

    private NotificationMessages() {
    }

    public record SendNotification(String commandId, String sagaId, String orderId, String customerId, String kind,
            String text) {
    }

    public record NotificationSent(String commandId, String sagaId, String orderId) {
    }
}
