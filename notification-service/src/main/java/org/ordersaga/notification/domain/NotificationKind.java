package org.ordersaga.notification.domain;

public enum NotificationKind {
    ORDER_CONFIRMED,
    ORDER_REJECTED
}
