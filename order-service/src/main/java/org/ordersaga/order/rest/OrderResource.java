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
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.service.ModeChoice;
import org.ordersaga.order.service.OrderPlacement;
import org.ordersaga.order.service.OrderRollout;
import org.ordersaga.order.service.SyncOrderPlacement;
import org.ordersaga.order.service.SyncOutcome;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String MODE_HEADER = "X-Order-Mode";
    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final OrderPlacement placement;
    private final SyncOrderPlacement syncPlacement;
    private final OrderRollout rollout;
    private final ChosenOrderMode chosenMode;

    public OrderResource(OrderPlacement placement, SyncOrderPlacement syncPlacement, OrderRollout rollout,
                         ChosenOrderMode chosenMode) {
        this.placement = placement;
        this.syncPlacement = syncPlacement;
        this.rollout = rollout;
        this.chosenMode = chosenMode;
    }

    /**
     * Async: accepts the order at once (202, PENDING) and the saga decides it. Sync: decides it within this request
     * over the REST chain — 201 APPROVED, 200 REJECTED with the reason, 502 problem+json when a step that cannot be
     * undone failed and the order stays PENDING. The request names the mode ({@code ?mode=} or header
     * {@code X-Order-Mode}; the query wins), else the rollout's saga share decides ({@link OrderRollout}). The answer's
     * {@code X-Order-Mode} header says which mode the order ran in.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@NotNull @Valid PlaceOrderRequest request, @QueryParam("mode") String modeQuery,
                          @HeaderParam(MODE_HEADER) String modeHeader,
                          @HeaderParam(IDEMPOTENCY_KEY_HEADER) String idempotencyKey) {
        OrderMode mode = mode(modeQuery, modeHeader, idempotencyKey, request.customerId());
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

    private OrderMode mode(String query, String header, String idempotencyKey, String customerId) {
        Optional<OrderMode> requested = Optional.ofNullable(query != null ? query : header)
                .map(named -> OrderMode.parse(named).orElseThrow(() -> new ProblemException(400,
                        "Invalid order mode", "Mode '" + named + "' is neither sync nor async")));
        ModeChoice choice = rollout.choose(requested, idempotencyKey, customerId);
        chosenMode.record(choice);
        return choice.mode();
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
