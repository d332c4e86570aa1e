package org.ordersaga.orchestrator.client;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The reads of order-service's API the console and the reconciliation need; always called through
 * {@link OrderServiceClient}.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface OrderServiceApi {

    @GET
    @Path("/orders/{id}")
    OrderLookup order(@PathParam("id") UUID id);

    @GET
    @Path("/admin/rollout")
    RolloutLookup rollout();

    @GET
    @Path("/orders/pending")
    PendingOrders pendingOrders(@QueryParam("mode") String mode, @QueryParam("placedBefore") String placedBefore,
                                @QueryParam("after") UUID after, @QueryParam("limit") int limit);
}
