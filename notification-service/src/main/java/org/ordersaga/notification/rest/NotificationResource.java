package org.ordersaga.notification.rest;

import java.time.Instant;
import java.util.List;

import org.ordersaga.chassis.security.Roles;
import org.ordersaga.notification.domain.NotificationKind;
import org.ordersaga.notification.persistence.NotificationRepository;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The notifications sent about an order (empty when none). Reading needs role {@code operator} or {@code viewer}, as
 * the orchestrator's reads: a notification shows the customer ID and what the customer was told.
 */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.VIEWER})
public class NotificationResource {

    public record NotificationView(String id, String orderId, NotificationKind kind, String customerId, String text,
            Instant sentAt) {
    }

    private final NotificationRepository notifications;

    public NotificationResource(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    @GET
    @Operation(summary = "List the notifications sent about an order (role viewer or operator)")
    @APIResponse(responseCode = "200", description = "The notifications, empty when none")
    @APIResponse(responseCode = "400", description = "No orderId")
    @APIResponse(responseCode = "401", description = "No credential, or a wrong one")
    @APIResponse(responseCode = "403", description = "A user without role viewer or operator")
    public List<NotificationView> byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return notifications.listByOrder(orderId).stream()
                .map(n -> new NotificationView(n.id().toString(), n.orderId(), n.kind(), n.customerId(), n.text(),
                        n.sentAt()))
                .toList();
    }
}
