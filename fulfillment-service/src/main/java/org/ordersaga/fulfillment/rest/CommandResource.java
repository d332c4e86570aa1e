package org.ordersaga.fulfillment.rest;

import org.ordersaga.chassis.idempotency.IdempotentCommands;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.fulfillment.service.FulfillmentCommandHandler;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.ordersaga.chassis.rest.Problem;

/**
 * The synchronous mode's endpoints: ScheduleShipment and CancelShipment over REST, with the same payload as the Kafka
 * commands and the saga's reply as the answer. Each needs an {@code Idempotency-Key} header; a repeated key gets the first answer.
 * Callers need role {@code saga} (order-service's user): a forged command undoes someone else's order.
 */
@Path("/commands")
@RolesAllowed(Roles.SAGA)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    static final String SCOPE = "fulfillment-service.rest";

    private final IdempotentCommands commands;
    private final FulfillmentCommandHandler handler;

    public CommandResource(IdempotentCommands commands, FulfillmentCommandHandler handler) {
        this.commands = commands;
        this.handler = handler;
    }

    @POST
    @Path("/schedule-shipment")
    @Operation(summary = "Schedule the order's shipment (sync mode, role saga)")
    @RequestBody(description = "The command as on Kafka (contracts/)", required = true,
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The reply the saga would get (type plus its fields), also a refusal; Idempotent-Replayed on a repeat")
    @APIResponse(responseCode = "400", description = "No Idempotency-Key, or a body that breaks the command's contract; nothing kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The key's first request is still running; try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response schedule(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "ScheduleShipment", body, handler::apply);
    }

    @POST
    @Path("/cancel-shipment")
    @Operation(summary = "Cancel the order's shipment (sync mode, role saga)")
    @RequestBody(description = "The command as on Kafka (contracts/)", required = true,
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The reply the saga would get (type plus its fields), also a refusal; Idempotent-Replayed on a repeat")
    @APIResponse(responseCode = "400", description = "No Idempotency-Key, or a body that breaks the command's contract; nothing kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The key's first request is still running; try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "CancelShipment", body, handler::apply);
    }
}
