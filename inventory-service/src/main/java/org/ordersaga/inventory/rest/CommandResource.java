package org.ordersaga.inventory.rest;

import org.ordersaga.chassis.idempotency.IdempotentCommands;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.inventory.service.InventoryCommandHandler;

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
 * The synchronous mode's endpoints: ReserveInventory, ReleaseInventory and SettleInventory over REST, with the same
 * payload as the Kafka command and the saga's reply as the answer. Each needs an {@code Idempotency-Key} header; a
 * repeated key gets the first answer.
 * Callers need role {@code saga} (order-service's user): a forged command undoes someone else's order.
 */
@Path("/commands")
@RolesAllowed(Roles.SAGA)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    static final String SCOPE = "inventory-service.rest";

    private final IdempotentCommands commands;
    private final InventoryCommandHandler handler;

    public CommandResource(IdempotentCommands commands, InventoryCommandHandler handler) {
        this.commands = commands;
        this.handler = handler;
    }

    @POST
    @Path("/reserve-inventory")
    public Response reserve(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "ReserveInventory", body, handler::apply);
    }

    @POST
    @Path("/release-inventory")
    public Response release(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "ReleaseInventory", body, handler::apply);
    }

    @POST
    @Path("/settle-inventory")
    public Response settle(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "SettleInventory", body, handler::apply);
    }
}
