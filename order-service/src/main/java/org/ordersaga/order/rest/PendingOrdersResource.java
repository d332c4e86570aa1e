package org.ordersaga.order.rest;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.persistence.OrderRepository;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The orders of one mode still PENDING that were placed before a time, a page at a time by order ID: the orchestrator's
 * reconciliation walks the async ones to find an {@code OrderPlaced} that never became a saga. Few rows: admission
 * control bounds the undecided orders, and the partial index of PENDING orders serves the query.
 */
@Path("/orders/pending")
@Produces(MediaType.APPLICATION_JSON)
public class PendingOrdersResource {

    static final int MAX_LIMIT = 500;

    /** One page; {@code next} is the {@code after} of the next page, null after the last. */
    public record PendingOrdersPage(List<OrderView> items, UUID next) {
    }

    private final OrderRepository orders;

    public PendingOrdersResource(OrderRepository orders) {
        this.orders = orders;
    }

    /** {@code GET /orders/pending?mode=async&placedBefore=<instant>[&after=<orderId>][&limit=1..500, default 100]}. */
    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "List one page of the orders still PENDING, oldest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "An unknown mode, a bad placedBefore, after or limit")
    public PendingOrdersPage list(@QueryParam("mode") String mode, @QueryParam("placedBefore") String placedBefore,
                                  @QueryParam("after") String after, @QueryParam("limit") String limit) {
        OrderMode ofMode = OrderMode.parse(mode == null ? "" : mode)
                .orElseThrow(() -> badRequest("mode must be sync or async"));
        int size = parseLimit(limit);
        List<Order> page = orders.pendingPlacedBefore(ofMode, parseInstant(placedBefore), parseAfter(after), size);
        return new PendingOrdersPage(page.stream().map(OrderView::of).toList(),
                page.size() < size ? null : page.get(page.size() - 1).getId());
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw badRequest("placedBefore must be an ISO-8601 instant, e.g. 2030-01-01T10:00:00Z");
        }
    }

    private static UUID parseAfter(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw badRequest("after must be an order ID");
        }
    }

    private static int parseLimit(String text) {
        try {
            int size = text == null ? 100 : Integer.parseInt(text);
            if (size >= 1 && size <= MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("limit must be 1-" + MAX_LIMIT);
    }

    private static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Invalid query", detail);
    }
}
