package org.ordersaga.notification.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

/** A message "sent" to a customer about an order: recorded once, immutable afterwards. */
@Entity
public class Notification {

    @Id
    private UUID id;
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private NotificationKind kind;
    @Column(name = "customer_id")
    private String customerId;
    private String text;
    @Column(name = "sent_at")
    private Instant sentAt;

    protected Notification() {
    }

    public static Notification send(String orderId, NotificationKind kind, String customerId, String text, Instant now) {
        if (orderId == null || kind == null || customerId == null || text == null || text.isBlank()) {
            throw new IllegalArgumentException("A notification needs an order, a kind, a customer and a text");
        }
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.orderId = orderId;
        notification.kind = kind;
        notification.customerId = customerId;
        notification.text = text;
        notification.sentAt = now;
        return notification;
    }

    public UUID id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public NotificationKind kind() {
        return kind;
    }

    public String customerId() {
        return customerId;
    }

    public String text() {
        return text;
    }

    public Instant sentAt() {
        return sentAt;
    }
}
