package org.ordersaga.order.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.service.OrderPlacement;

import java.net.URI;
import java.util.UUID;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderPlacement placement;

    public OrderResource(OrderPlacement placement) {
        this.placement = placement;
    }

    /** Accepts the order at once (PENDING); the saga decides it asynchronously. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@NotNull @Valid PlaceOrderRequest request) {
        PlaceOrderRequest.Address address = request.shippingAddress();
        OrderAccepted accepted = placement.place(request.customerId(),
                request.items().stream().map(item -> new OrderItem(item.sku(), item.quantity())).toList(),
                new ShippingAddress(address.name(), address.street(), address.city(), address.postalCode(),
                        address.country()));
        return Response.accepted(accepted).location(URI.create("/orders/" + accepted.orderId())).build();
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        return placement.find(parse(id)).map(OrderView::of)
                .orElseThrow(() -> notFound(id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Order not found", "No order with id " + id);
    }
}
