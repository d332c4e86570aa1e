package org.ordersaga.order.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * inventory-service's synchronous command endpoints: body = the Kafka command's payload, answer = the saga's reply with
 * its {@code type}. Configured by {@code quarkus.rest-client.inventory.*}; always called through {@link InventoryCalls}.
 * Each call carries order-service's credential ({@link ParticipantAuthorization}).
 */
@RegisterRestClient(configKey = "inventory")
@RegisterClientHeaders(ParticipantAuthorization.class)
@Path("/commands")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface InventoryClient {

    @POST
    @Path("/reserve-inventory")
    JsonNode reserve(@HeaderParam("Idempotency-Key") String key, Object command);

    @POST
    @Path("/release-inventory")
    JsonNode release(@HeaderParam("Idempotency-Key") String key, Object command);

    @POST
    @Path("/settle-inventory")
    JsonNode settle(@HeaderParam("Idempotency-Key") String key, Object command);
}
