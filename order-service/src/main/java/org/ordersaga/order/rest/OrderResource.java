package org.ordersaga.order.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.service.OrderPlacement;
import org.ordersaga.order.service.SyncOrderPlacement;
import org.ordersaga.order.service.SyncOutcome;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String MODE_HEADER = "X-Order-Mode";

    private final OrderPlacement placement;
    private final SyncOrderPlacement syncPlacement;
    private final OrderConfig config;

    public OrderResource(OrderPlacement placement, SyncOrderPlacement syncPlacement, OrderConfig config) {
        this.placement = placement;
        this.syncPlacement = syncPlacement;
        this.config = config;
    }

    /**
     * Async (the default, {@code ordersaga.order.default-mode}): accepts the order at once (202, PENDING) and the saga
     * decides it. Sync ({@code ?mode=sync} or header {@code X-Order-Mode: sync}; the query wins): decides it within this
     * request over the REST chain — 201 APPROVED, 200 REJECTED with the reason, 502 problem+json when a step that
     * cannot be undone failed and the order stays PENDING.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@NotNull @Valid PlaceOrderRequest request, @QueryParam("mode") String modeQuery,
                          @HeaderParam(MODE_HEADER) String modeHeader) {
        OrderMode mode = mode(modeQuery, modeHeader);
        PlaceOrderRequest.Address address = request.shippingAddress();
        List<OrderItem> items = request.items().stream().map(item -> new OrderItem(item.sku(), item.quantity()))
                .toList();
        ShippingAddress shippingAddress = new ShippingAddress(address.name(), address.street(), address.city(),
                address.postalCode(), address.country());
        if (mode == OrderMode.SYNC) {
            SyncOutcome outcome = syncPlacement.place(request.customerId(), items, shippingAddress);
            if (outcome.incomplete()) {
                throw new ProblemException(502, "Order incomplete",
                        "Order " + outcome.orderId() + ": " + outcome.incompleteDetail());
            }
            int status = outcome.status() == OrderStatus.APPROVED ? 201 : 200;
            return Response.status(status).entity(SyncOrderResult.of(outcome))
                    .location(URI.create("/orders/" + outcome.orderId())).build();
        }
        OrderAccepted accepted = placement.place(request.customerId(), items, shippingAddress);
        return Response.accepted(accepted).location(URI.create("/orders/" + accepted.orderId())).build();
    }

    private OrderMode mode(String query, String header) {
        String requested = query != null ? query : header;
        if (requested == null) {
            return config.defaultMode();
        }
        return OrderMode.parse(requested).orElseThrow(() -> new ProblemException(400, "Invalid order mode",
                "Mode '" + requested + "' is neither sync nor async"));
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
