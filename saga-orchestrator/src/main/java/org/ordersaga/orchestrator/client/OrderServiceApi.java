package org.ordersaga.orchestrator.client;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The two reads of order-service's API the console needs; always called through {@link OrderServiceClient}. */
@Produces(MediaType.APPLICATION_JSON)
public interface OrderServiceApi {

    @GET
    @Path("/orders/{id}")
    OrderLookup order(@PathParam("id") UUID id);

    @GET
    @Path("/admin/rollout")
    RolloutLookup rollout();
}
