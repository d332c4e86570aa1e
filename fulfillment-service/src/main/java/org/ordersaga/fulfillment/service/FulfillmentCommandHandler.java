package org.ordersaga.fulfillment.service;

import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.CANCEL_SHIPMENT;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SCHEDULE_SHIPMENT;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SHIPMENT_CANCELLED;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SHIPMENT_REJECTED;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SHIPMENT_SCHEDULED;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.contracts.Topics;
import org.ordersaga.fulfillment.domain.Shipment;
import org.ordersaga.fulfillment.domain.ShipmentItem;
import org.ordersaga.fulfillment.domain.ShipmentState;
import org.ordersaga.fulfillment.domain.ShippingAddress;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.Address;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.CancelShipment;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ScheduleShipment;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentCancelled;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentRejected;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentScheduled;
import org.ordersaga.fulfillment.persistence.ShipmentRepository;
import org.ordersaga.participant.Commands;
import org.ordersaga.participant.Participant;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Schedules and cancels shipments once per command and answers on {@code saga-replies}, all in one transaction.
 * CancelShipment undoes a pivot whose outcome the saga (or the synchronous chain) never learnt, and leaves the order
 * CANCELLED so that a ScheduleShipment arriving after it — late, re-delivered or replayed from a dead letter — is
 * refused: a rejected order never keeps a shipment.
 */
@ApplicationScoped
public class FulfillmentCommandHandler implements Participant {

    private static final Logger LOG = Logger.getLogger(FulfillmentCommandHandler.class);

    private final ShipmentRepository shipments;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public FulfillmentCommandHandler(ShipmentRepository shipments, ObjectMapper mapper) {
        this.shipments = shipments;
        this.mapper = mapper;
    }

    @Override
    public Commands commands() {
        return Commands.answeredOn(Topics.SAGA_REPLIES, mapper)
                .on(SCHEDULE_SHIPMENT, ScheduleShipment.class, this::schedule)
                .on(CANCEL_SHIPMENT, CancelShipment.class, this::cancel);
    }

    /** An order that was cancelled (even before anything was scheduled) is rejected without effect. */
    private Reply schedule(ScheduleShipment command) {
        Optional<Shipment> existing = shipments.findByOrderId(command.orderId());
        if (existing.isPresent() && existing.get().state() == ShipmentState.CANCELLED) {
            String detail = "Order " + command.orderId() + " was cancelled before this schedule";
            LOG.infof("Rejected: %s (%s)", Commands.ORDER_CANCELLED, detail);
            return new Reply(SHIPMENT_REJECTED, new ShipmentRejected(command.commandId(), command.sagaId(),
                    command.orderId(), Commands.ORDER_CANCELLED, detail));
        }
        if (existing.isPresent()) {
            LOG.infof("Order already has shipment %s, answering with it", existing.get().id());
            return scheduled(command, existing.get());
        }
        Address a = command.shippingAddress();
        ShippingAddress address = new ShippingAddress(a.name(), a.street(), a.city(), a.postalCode(), a.country());
        if (!address.isDeliverable()) {
            String detail = "No delivery to country " + address.country();
            LOG.infof("Rejected: UNDELIVERABLE_ADDRESS (%s)", detail);
            return new Reply(SHIPMENT_REJECTED, new ShipmentRejected(command.commandId(), command.sagaId(),
                    command.orderId(), "UNDELIVERABLE_ADDRESS", detail));
        }
        Shipment shipment = Shipment.schedule(command.orderId(), address,
                command.items().stream().map(i -> new ShipmentItem(i.sku(), i.quantity())).toList(), clock.instant());
        shipments.persist(shipment);
        LOG.infof("Scheduled shipment %s to %s", shipment.id(), address.country());
        return scheduled(command, shipment);
    }

    /**
     * Cancelling a scheduled shipment calls it off; an already cancelled one is answered without effect; cancelling
     * for an order with no shipment records an empty cancelled one, which refuses a schedule for the order arriving
     * later.
     */
    private Reply cancel(CancelShipment command) {
        String orderId = command.orderId();
        shipments.findByOrderId(orderId).ifPresentOrElse(shipment -> {
            if (shipment.state() == ShipmentState.SCHEDULED) {
                shipment.cancel(clock.instant());
                LOG.infof("Cancelled shipment %s of order %s: the order gave up on it", shipment.id(), orderId);
            } else {
                LOG.infof("Shipment %s of order %s is already %s", shipment.id(), orderId, shipment.state());
            }
        }, () -> {
            shipments.persist(Shipment.cancelledBeforeScheduled(orderId, clock.instant()));
            LOG.infof("No shipment to cancel for order %s; marked cancelled so that a late schedule is refused",
                    orderId);
        });
        return new Reply(SHIPMENT_CANCELLED, new ShipmentCancelled(command.commandId(), command.sagaId(), orderId));
    }

    private static Reply scheduled(ScheduleShipment command, Shipment shipment) {
        return new Reply(SHIPMENT_SCHEDULED, new ShipmentScheduled(command.commandId(), command.sagaId(),
                command.orderId(), shipment.id().toString()));
    }
}
