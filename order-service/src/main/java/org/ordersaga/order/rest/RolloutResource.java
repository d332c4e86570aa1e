package org.ordersaga.order.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.order.domain.SagaShare;
import org.ordersaga.order.service.OrderRollout;
import org.ordersaga.order.service.RolloutState;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The rollout switch at run time: which share of new orders naming no mode runs as the saga. Reading needs no
 * credential; changing needs the role {@code operator} (HTTP Basic, as the orchestrator's operator actions).
 * Under {@code /admin}, so injected faults never reach it.
 */
@Path("/admin/rollout")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final OrderRollout rollout;
    private final SecurityIdentity identity;

    public RolloutResource(OrderRollout rollout, SecurityIdentity identity) {
        this.rollout = rollout;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Read the rollout share in force (the saga's share of orders naming no mode)")
    @APIResponse(responseCode = "200", description = "The share in force and the configured one")
    public RolloutView get() {
        return view(rollout.current());
    }

    /** Takes effect at once for new orders on this replica, within the refresh period on the others. */
    @PUT
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the rollout share (role operator)")
    @APIResponse(responseCode = "200", description = "The share now in force")
    @APIResponse(responseCode = "400", description = "No share, one outside 0..100, or no reason")
    @APIResponse(responseCode = "401", description = "No credential, or a wrong one")
    @APIResponse(responseCode = "403", description = "A user without role operator")
    public RolloutView change(@Valid @NotNull RolloutChange change) {
        SagaShare share = new SagaShare(change.sagaSharePercent().intValueExact());
        return view(rollout.change(share, identity.getPrincipal().getName(), change.reason().strip()));
    }

    /** Back to the configured share. */
    @DELETE
    @RolesAllowed("operator")
    @Operation(summary = "Go back to the configured rollout share (role operator)")
    @APIResponse(responseCode = "200", description = "The share now in force")
    @APIResponse(responseCode = "401", description = "No credential, or a wrong one")
    @APIResponse(responseCode = "403", description = "A user without role operator")
    public RolloutView reset() {
        return view(rollout.reset(identity.getPrincipal().getName()));
    }

    private RolloutView view(RolloutState state) {
        return RolloutView.of(state, rollout.configured().percent());
    }
}
