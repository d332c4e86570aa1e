package org.ordersaga.orchestrator.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.orchestrator.client.OrderLookup;
import org.ordersaga.orchestrator.client.OrderServiceClient;
import org.ordersaga.orchestrator.client.RolloutLookup;
import org.ordersaga.orchestrator.config.OrchestratorConfig;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What the console page (static, under /console/) reads besides the saga API: its settings, and order-service's view
 * of an order and of the rollout switch. The page asks order-service through here, never itself: order-service
 * allows no cross-origin calls, and may not be reachable from the on-call engineer's browser at all. Role
 * {@code operator} or {@code viewer}, as the page itself (application.properties).
 */
@Path("/console")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.VIEWER})
public class ConsoleResource {

    public record ConsoleSettings(String zipkinUrl) {
    }

    private final OrchestratorConfig config;
    private final OrderServiceClient orderService;

    public ConsoleResource(OrchestratorConfig config, OrderServiceClient orderService) {
        this.config = config;
        this.orderService = orderService;
    }

    @GET
    @Path("/settings")
    @Operation(summary = "The console's settings (the trace UI's address)")
    @APIResponse(responseCode = "200", description = "The settings")
    public ConsoleSettings settings() {
        return new ConsoleSettings(config.console().zipkinUrl().map(url -> url.replaceAll("/+$", "")).orElse(null));
    }

    /**
     * The order as order-service has it, for a search that found no saga (a sync order never has one). 404 when
     * order-service has no such order; 503 / 502 problem when order-service cannot be asked.
     */
    @GET
    @Path("/orders/{id}")
    @Operation(summary = "Read an order from order-service, for the console")
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "404", description = "order-service has no such order")
    public OrderLookup order(@PathParam("id") String id) {
        return orderService.order(parse(id)).orElseThrow(() -> orderNotFound(id));
    }

    /** The saga share in force at order-service, who set it, when and why; 503 / 502 problem as above. */
    @GET
    @Path("/rollout")
    @Operation(summary = "Read order-service's rollout share, for the console")
    @APIResponse(responseCode = "200", description = "The share in force")
    public RolloutLookup rollout() {
        return orderService.rollout();
    }

    /** Order IDs are UUIDs; anything else cannot be an order and is not passed on. */
    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw orderNotFound(id);
        }
    }

    private static ProblemException orderNotFound(String id) {
        return new ProblemException(404, "Order not found", "order-service has no order with id " + id);
    }
}
