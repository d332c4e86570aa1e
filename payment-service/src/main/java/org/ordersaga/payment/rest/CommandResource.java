package org.ordersaga.payment.rest;

import org.ordersaga.chassis.idempotency.IdempotentCommands;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.payment.service.PaymentCommandHandler;

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
 * The synchronous mode's endpoints: AuthorizePayment, VoidPayment and CapturePayment over REST, with the same payload
 * as the Kafka command and the saga's reply as the answer. Each needs an {@code Idempotency-Key} header; a repeated
 * key gets the first answer.
 * Callers need role {@code saga} (order-service's user): a forged command undoes someone else's order.
 */
@Path("/commands")
@RolesAllowed(Roles.SAGA)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    static final String SCOPE = "payment-service.rest";

    private final IdempotentCommands commands;
    private final PaymentCommandHandler handler;

    public CommandResource(IdempotentCommands commands, PaymentCommandHandler handler) {
        this.commands = commands;
        this.handler = handler;
    }

    @POST
    @Path("/authorize-payment")
    public Response authorize(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "AuthorizePayment", body, handler::apply);
    }

    @POST
    @Path("/void-payment")
    public Response voidAuthorization(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "VoidPayment", body, handler::apply);
    }

    @POST
    @Path("/capture-payment")
    public Response capture(@HeaderParam(IdempotentCommands.KEY_HEADER) String key, JsonNode body) {
        return commands.answerOnce(SCOPE, key, "CapturePayment", body, handler::apply);
    }
}
