package org.ordersaga.payment.rest;

import java.time.Instant;

import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.payment.domain.AuthorizationState;
import org.ordersaga.payment.persistence.AuthorizationRepository;
import org.ordersaga.payment.persistence.CreditAccountRepository;

import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Customers' credit and orders' payment authorizations. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    public record CreditView(String customerId, long creditLimitCents, long availableCents) {
    }

    public record AuthorizationView(String id, String orderId, String customerId, long amountCents,
            AuthorizationState state, Instant createdAt, Instant updatedAt) {
    }

    private final CreditAccountRepository accounts;
    private final AuthorizationRepository authorizations;

    public PaymentResource(CreditAccountRepository accounts, AuthorizationRepository authorizations) {
        this.accounts = accounts;
        this.authorizations = authorizations;
    }

    @GET
    @Path("customers/{id}/credit")
    @Operation(summary = "Read a customer's credit")
    @APIResponse(responseCode = "200", description = "The credit account")
    @APIResponse(responseCode = "404", description = "No credit account for the customer")
    public CreditView credit(@PathParam("id") String customerId) {
        return accounts.findByIdOptional(customerId)
                .map(a -> new CreditView(a.customerId(), a.creditLimitCents(), a.availableCents()))
                .orElseThrow(() -> new ProblemException(404, "Customer not found", "No credit account for " + customerId));
    }

    @GET
    @Path("payments")
    @Operation(summary = "Read the payment authorization of an order")
    @APIResponse(responseCode = "200", description = "The authorization")
    @APIResponse(responseCode = "400", description = "No orderId")
    @APIResponse(responseCode = "404", description = "No authorization for the order")
    public AuthorizationView byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return authorizations.findByOrderId(orderId)
                .map(a -> new AuthorizationView(a.id().toString(), a.orderId(), a.customerId(), a.amountCents(),
                        a.state(), a.createdAt(), a.updatedAt()))
                .orElseThrow(() -> new ProblemException(404, "Payment not found", "No authorization for order " + orderId));
    }
}
