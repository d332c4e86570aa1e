package org.ordersaga.fulfillment.rest;

import java.time.Instant;
import java.util.List;

import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.fulfillment.domain.Shipment;
import org.ordersaga.fulfillment.domain.ShipmentItem;
import org.ordersaga.fulfillment.domain.ShipmentState;
import org.ordersaga.fulfillment.persistence.ShipmentRepository;

import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The shipment scheduled for an order (or cancelled: a cancel that came first has no address and no items). */
@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

    public record AddressView(String name, String street, String city, String postalCode, String country) {
    }

    public record ShipmentView(String id, String orderId, ShipmentState state, AddressView shippingAddress,
            List<ShipmentItem> items, Instant createdAt) {
        static ShipmentView of(Shipment s) {
            var a = s.address();
            return new ShipmentView(s.id().toString(), s.orderId(), s.state(),
                    a == null ? null : new AddressView(a.name(), a.street(), a.city(), a.postalCode(), a.country()),
                    s.items(), s.createdAt());
        }
    }

    private final ShipmentRepository shipments;

    public ShipmentResource(ShipmentRepository shipments) {
        this.shipments = shipments;
    }

    @GET
    @Operation(summary = "Read the shipment of an order")
    @APIResponse(responseCode = "200", description = "The shipment")
    @APIResponse(responseCode = "400", description = "No orderId")
    @APIResponse(responseCode = "404", description = "No shipment for the order")
    public ShipmentView byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return shipments.findByOrderId(orderId).map(ShipmentView::of)
                .orElseThrow(() -> new ProblemException(404, "Shipment not found", "No shipment for order " + orderId));
    }
}
