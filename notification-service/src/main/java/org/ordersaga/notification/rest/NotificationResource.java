package org.ordersaga.notification.rest;

import java.time.Instant;
import java.util.List;

import org.ordersaga.notification.domain.NotificationKind;
import org.ordersaga.notification.persistence.NotificationRepository;

import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The notifications sent about an order (empty when none). */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    public record NotificationView(String id, String orderId, NotificationKind kind, String customerId, String text,
            Instant sentAt) {
    }

    private final NotificationRepository notifications;

    public NotificationResource(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    @GET
    public List<NotificationView> byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return notifications.listByOrder(orderId).stream()
                .map(n -> new NotificationView(n.id().toString(), n.orderId(), n.kind(), n.customerId(), n.text(),
                        n.sentAt()))
                .toList();
    }
}
