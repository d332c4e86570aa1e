package org.ordersaga.orchestrator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.orchestrator.service.ParticipantQueues;
import org.ordersaga.orchestrator.service.ParticipantQueues.ParticipantQueue;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * For on-call engineers (role {@code operator} or {@code viewer}): is a participant behind (its commands queued) or
 * losing commands (awaited, not queued)?
 */
@Path("/participants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.VIEWER})
public class ParticipantResource {

    private final ParticipantQueues queues;

    public ParticipantResource(ParticipantQueues queues) {
        this.queues = queues;
    }

    @GET
    @Operation(summary = "The participants' command queues: what waits for each")
    @APIResponse(responseCode = "200", description = "One entry a participant")
    public List<ParticipantQueue> list() {
        return queues.current();
    }
}
