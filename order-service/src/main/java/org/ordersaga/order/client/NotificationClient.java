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
 * notification-service's synchronous command endpoints: body = the Kafka command's payload, answer = the saga's reply with
 * its {@code type}. Configured by {@code quarkus.rest-client.notification.*}; always called through {@link NotificationCalls}.
 * Each call carries order-service's credential ({@link ParticipantAuthorization}).
 */
@RegisterRestClient(configKey = "notification")
@RegisterClientHeaders(ParticipantAuthorization.class)
@Path("/commands")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface NotificationClient {

    @POST
    @Path("/send-notification")
    JsonNode send(@HeaderParam("Idempotency-Key") String key, Object command);
}
