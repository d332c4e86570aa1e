package org.ordersaga.participant;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.ordersaga.chassis.idempotency.IdempotentCommands;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.security.Roles;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The synchronous mode's endpoints: each of the participant's commands at {@code POST /commands/<command>} (its type
 * in kebab case, {@code ReserveInventory} at {@code reserve-inventory}), with the same payload as the Kafka command
 * and the saga's reply as the answer. Each needs an {@code Idempotency-Key} header; a repeated key gets the first
 * answer (chassis {@link IdempotentCommands}). Callers need role {@code saga} (order-service's user): a forged command
 * undoes someone else's order.
 */
@Path("/commands")
@RolesAllowed(Roles.SAGA)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    private final IdempotentCommands idempotent;
    private final Commands commands;
    private final Map<String, String> typesByPath;
    private final String scope;

    public CommandResource(IdempotentCommands idempotent, Participant participant,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.idempotent = idempotent;
        this.commands = participant.commands();
        this.typesByPath = commands.types().stream().collect(Collectors.toMap(CommandResource::path, Function.identity()));
        this.scope = service + ".rest";
    }

    @POST
    @Path("/{command}")
    @Operation(summary = "Apply one of the service's commands (sync mode, role saga)")
    @Parameter(name = "command", description = "One of this service's commands: its message type (contracts/v1) in"
            + " kebab case, ReserveInventory as reserve-inventory; a 404 lists them")
    @RequestBody(description = "The command as on Kafka (contracts/)", required = true,
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The reply the saga would get (type plus its fields), also a refusal; Idempotent-Replayed on a repeat")
    @APIResponse(responseCode = "400", description = "No Idempotency-Key, or a body that breaks the command's contract; nothing kept")
    @APIResponse(responseCode = "404", description = "Not a command of this service")
    @APIResponse(responseCode = "409", description = "The key's first request is still running, or the order was given up before this command; nothing kept")
    public Response apply(@PathParam("command") String command,
            @HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        String type = typesByPath.get(command);
        if (type == null) {
            throw new ProblemException(404, "Unknown command",
                    "This service takes " + String.join(", ", typesByPath.keySet().stream().sorted().toList()));
        }
        return idempotent.answerOnce(scope, key, type, body, commands::answerOverRest);
    }

    /** {@code ReserveInventory} is at {@code reserve-inventory}. */
    static String path(String type) {
        return type.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
