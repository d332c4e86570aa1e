package org.ordersaga.inventory.rest;

import java.time.Instant;
import java.util.List;

import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.inventory.domain.Reservation;
import org.ordersaga.inventory.domain.ReservationState;
import org.ordersaga.inventory.persistence.ReservationRepository;

import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The reservation held (or released) for an order. */
@Path("/reservations")
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    public record LineView(String sku, int quantity, long unitPriceCents) {
    }

    public record ReservationView(String id, String orderId, ReservationState state, List<LineView> lines,
            long totalCents, Instant createdAt, Instant updatedAt) {
        static ReservationView of(Reservation r) {
            return new ReservationView(r.id().toString(), r.orderId(), r.state(),
                    r.lines().stream().map(l -> new LineView(l.sku(), l.quantity(), l.unitPriceCents())).toList(),
                    r.totalCents(), r.createdAt(), r.updatedAt());
        }
    }

    private final ReservationRepository reservations;

    public ReservationResource(ReservationRepository reservations) {
        this.reservations = reservations;
    }

    @GET
    @Operation(summary = "Read the reservation of an order")
    @APIResponse(responseCode = "200", description = "The reservation")
    @APIResponse(responseCode = "400", description = "No orderId")
    @APIResponse(responseCode = "404", description = "No reservation for the order")
    public ReservationView byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return reservations.findByOrderId(orderId).map(ReservationView::of)
                .orElseThrow(() -> new ProblemException(404, "Reservation not found", "No reservation for order " + orderId));
    }
}
