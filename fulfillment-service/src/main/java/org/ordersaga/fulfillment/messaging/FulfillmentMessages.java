package org.ordersaga.fulfillment.messaging;

import java.util.List;

/** Payloads of the messages fulfillment-service consumes and produces (contracts/v1). */
public final class FulfillmentMessages {

    public static final String SCHEDULE_SHIPMENT = "ScheduleShipment";
    public static final String SHIPMENT_SCHEDULED = "ShipmentScheduled";
    public static final String SHIPMENT_REJECTED = "ShipmentRejected";
    public static final String CANCEL_SHIPMENT = "CancelShipment";
    public static final String SHIPMENT_CANCELLED = "ShipmentCancelled";

    private FulfillmentMessages() {
    }

    public record Item(String sku, int quantity) {
    }

    public record Address(String name, String street, String city, String postalCode, String country) {
    }

    public record ScheduleShipment(String commandId, String sagaId, String orderId, List<Item> items,
            Address shippingAddress) {
    }

    public record CancelShipment(String commandId, String sagaId, String orderId) {
    }

    public record ShipmentScheduled(String commandId, String sagaId, String orderId, String shipmentId) {
    }

    public record ShipmentRejected(String commandId, String sagaId, String orderId, String reason, String detail) {
    }

    public record ShipmentCancelled(String commandId, String sagaId, String orderId) {
    }
}
