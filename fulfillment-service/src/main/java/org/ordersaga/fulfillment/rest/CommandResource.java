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
    public Response schedule(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "ScheduleShipment", body, handler::apply);
    }

    @POST
    @Path("/cancel-shipment")
    public Response cancel(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "CancelShipment", body, handler::apply);
    }
}
