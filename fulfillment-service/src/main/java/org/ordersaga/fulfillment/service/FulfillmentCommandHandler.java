package org.ordersaga.fulfillment.service;

import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SCHEDULE_SHIPMENT;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SHIPMENT_REJECTED;
import static org.ordersaga.fulfillment.messaging.FulfillmentMessages.SHIPMENT_SCHEDULED;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.CommandReplies;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.fulfillment.domain.Shipment;
import org.ordersaga.fulfillment.domain.ShipmentItem;
import org.ordersaga.fulfillment.domain.ShippingAddress;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.Address;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ScheduleShipment;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentRejected;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentScheduled;
import org.ordersaga.fulfillment.persistence.ShipmentRepository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Schedules shipments once per command and answers on {@code saga-replies}, all in one transaction. */
@ApplicationScoped
public class FulfillmentCommandHandler {

    public static final String CONSUMER = "fulfillment-service";
    public static final String REPLY_TOPIC = "saga-replies";
    private static final Logger LOG = Logger.getLogger(FulfillmentCommandHandler.class);

    private final ShipmentRepository shipments;
    private final CommandReplies replies;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public FulfillmentCommandHandler(ShipmentRepository shipments, CommandReplies replies, ObjectMapper mapper) {
        this.shipments = shipments;
        this.replies = replies;
        this.mapper = mapper;
    }

    @Transactional
    public void handle(IncomingMessage command) {
        try (var log = LogContext.forOrder(command.text("orderId"), command.text("sagaId"))) {
            if (SCHEDULE_SHIPMENT.equals(command.type())) {
                replies.answerOnce(CONSUMER, REPLY_TOPIC, command,
                        () -> Optional.of(schedule(read(command, ScheduleShipment.class))));
            } else {
                LOG.warnf("Ignoring message of unknown type %s (id %s)", command.type(), command.id());
            }
        }
    }

    /**
     * The same command arriving over the synchronous REST endpoint (key = command id): the effect and its reply in the
     * caller's transaction, without inbox or outbox, which {@code IdempotentCommands} replaces.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reply apply(IncomingMessage command) {
        if (!SCHEDULE_SHIPMENT.equals(command.type())) {
            throw new IllegalArgumentException("Not a fulfillment command: " + command.type());
        }
        return schedule(read(command, ScheduleShipment.class));
    }

    private Reply schedule(ScheduleShipment command) {
        Optional<Shipment> existing = shipments.findByOrderId(command.orderId());
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

    private static Reply scheduled(ScheduleShipment command, Shipment shipment) {
        return new Reply(SHIPMENT_SCHEDULED, new ShipmentScheduled(command.commandId(), command.sagaId(),
                command.orderId(), shipment.id().toString()));
    }

    private <T> T read(IncomingMessage command, Class<T> type) {
        try {
            return mapper.treeToValue(command.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(command.type() + " payload does not match its contract", e);
        }
    }
}
