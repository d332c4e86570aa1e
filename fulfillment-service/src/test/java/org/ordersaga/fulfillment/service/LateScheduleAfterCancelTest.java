package org.ordersaga.fulfillment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.fulfillment.domain.Shipment;
import org.ordersaga.fulfillment.domain.ShipmentState;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentRejected;
import org.ordersaga.fulfillment.messaging.FulfillmentMessages.ShipmentScheduled;
import org.ordersaga.participant.Commands;
import org.ordersaga.fulfillment.persistence.ShipmentRepository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.inject.Vetoed;

/**
 * Defect 1, fulfillment's side: a ScheduleShipment whose sender gave up (the saga's pivot timed out, an operator
 * compensated at the pivot, a dead letter replayed after the saga turned back, the sync chain's call timed out) must
 * not leave a shipment for a rejected order. CancelShipment undoes a scheduled shipment and leaves a CANCELLED marker
 * that refuses a later ScheduleShipment. The handler's decisions, without database or broker (the Kafka path's inbox
 * and outbox are the chassis'; FulfillmentCommandHandlerTest runs them against PostgreSQL).
 */
class LateScheduleAfterCancelTest {

    private final InMemoryShipments shipments = new InMemoryShipments();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Commands commands = new FulfillmentCommandHandler(shipments, mapper).commands();
    private final String orderId = UUID.randomUUID().toString();

    @Nested
    class GivenTheShipmentWasScheduledLate {

        @Test
        void aCancelUndoesTheScheduledShipment() {
            answer(schedule(orderId));

            Reply cancelled = answer(cancel(orderId));

            assertThat(cancelled.type()).isEqualTo("ShipmentCancelled");
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
        }

        @Test
        void aCancelOverRestUndoesItToo() {
            commands.answerOverRest(schedule(orderId));

            assertThat(commands.answerOverRest(cancel(orderId)).type()).isEqualTo("ShipmentCancelled");
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
        }

        @Test
        void aSecondCancelIsAnsweredWithoutEffect() {
            answer(schedule(orderId));
            answer(cancel(orderId));

            assertThat(answer(cancel(orderId)).type()).isEqualTo("ShipmentCancelled");
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
            assertThat(shipments.persisted).isEqualTo(1);
        }
    }

    @Nested
    class GivenTheCancelCameFirst {

        @Test
        void aCancelWithNothingScheduledLeavesAMarker() {
            assertThat(answer(cancel(orderId)).type()).isEqualTo("ShipmentCancelled");

            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
        }

        @Test
        void aLateScheduleOnKafkaIsRejectedAsCancelledAndSchedulesNothing() {
            answer(cancel(orderId));

            Reply late = answer(schedule(orderId));

            assertThat(late.type()).isEqualTo("ShipmentRejected");
            assertThat(((ShipmentRejected) late.payload()).reason()).isEqualTo("ORDER_CANCELLED");
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
        }

        @Test
        void aReplayedDeadLetterOfTheScheduleIsRejectedToo() {
            IncomingMessage deadLettered = schedule(orderId);
            // the saga timed out on the dead-lettered command and compensated; then an operator replays it
            answer(cancel(orderId));

            assertThat(answer(deadLettered).type()).isEqualTo("ShipmentRejected");
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
            assertThat(shipments.persisted).as("only the marker").isEqualTo(1);
        }

        @Test
        void aLateScheduleOverRestIsRefusedWith409() {
            commands.answerOverRest(cancel(orderId));

            assertThatThrownBy(() -> commands.answerOverRest(schedule(orderId)))
                    .isInstanceOfSatisfying(ProblemException.class, refused -> assertThat(refused.status())
                            .isEqualTo(409));
            assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.CANCELLED);
        }
    }

    @Test
    void anOrderThatWasNeverCancelledIsStillScheduledAndAnsweredAgain() {
        Reply first = answer(schedule(orderId));
        Reply again = answer(schedule(orderId));

        assertThat(first.type()).isEqualTo("ShipmentScheduled");
        assertThat(((ShipmentScheduled) again.payload()).shipmentId())
                .isEqualTo(((ShipmentScheduled) first.payload()).shipmentId());
        assertThat(shipments.state(orderId)).isEqualTo(ShipmentState.SCHEDULED);
    }

    /** The reply on Kafka, which fulfillment always sends. */
    private Reply answer(IncomingMessage command) {
        return commands.answer(command).orElseThrow();
    }

    private IncomingMessage schedule(String orderId) {
        ObjectNode payload = command(orderId);
        payload.putArray("items").addObject().put("sku", "SKU-PEN").put("quantity", 2);
        payload.putObject("shippingAddress").put("name", "Alice Example").put("street", "1 Main Street")
                .put("city", "Springfield").put("postalCode", "12345").put("country", "DE");
        return new IncomingMessage(UUID.randomUUID().toString(), "ScheduleShipment", orderId, payload, Map.of());
    }

    private IncomingMessage cancel(String orderId) {
        return new IncomingMessage(UUID.randomUUID().toString(), "CancelShipment", orderId, command(orderId), Map.of());
    }

    private ObjectNode command(String orderId) {
        return mapper.createObjectNode().put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString()).put("orderId", orderId);
    }

    /**
     * The repository's two operations the handler uses, in memory (one shipment per order, as the unique index).
     * Vetoed: the Quarkus tests of this module must not see it as a second ShipmentRepository bean.
     */
    @Vetoed
    static final class InMemoryShipments extends ShipmentRepository {
        private final Map<String, Shipment> byOrder = new HashMap<>();
        int persisted;

        @Override
        public Optional<Shipment> findByOrderId(String orderId) {
            return Optional.ofNullable(byOrder.get(orderId));
        }

        @Override
        public void persist(Shipment shipment) {
            if (byOrder.putIfAbsent(shipment.orderId(), shipment) != null) {
                throw new IllegalStateException("duplicate key value violates unique constraint on order_id");
            }
            persisted++;
        }

        ShipmentState state(String orderId) {
            return findByOrderId(orderId).map(Shipment::state).orElse(null);
        }
    }
}
