package org.ordersaga.fulfillment.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.participant.CommandDispatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "fulfillment"))
class FulfillmentCommandHandlerTest {

    private static final ContractValidator CONTRACTS = new ContractValidator();

    @Inject
    CommandDispatcher commands;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void aDuplicateScheduleShipmentSchedulesOnceAndIsAnsweredAgain() throws Exception {
        String orderId = UUID.randomUUID().toString();
        IncomingMessage schedule = scheduleShipment(orderId, "DE");

        commands.handle(schedule);
        commands.handle(schedule);

        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).hasSize(2).allSatisfy(row -> {
            assertThat(row.topic()).isEqualTo("saga-replies");
            assertThat(row.type()).isEqualTo("ShipmentScheduled");
            assertThat(CONTRACTS.violations(row.type(), row.payload())).isEmpty();
        });
        String shipmentId = replies.get(0).payload().get("shipmentId").asText();
        assertThat(replies.get(1).payload().get("shipmentId").asText()).isEqualTo(shipmentId);
        given().queryParam("orderId", orderId).get("/shipments").then().statusCode(200)
                .body("id", equalTo(shipmentId)).body("state", equalTo("SCHEDULED"))
                .body("items[0].sku", equalTo("SKU-PEN"));
    }

    @Test
    void anUndeliverableAddressIsRejectedAndNothingIsScheduled() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(scheduleShipment(orderId, "AQ"));

        var reply = OutboxRows.forOrder(dataSource, orderId).get(0);
        assertThat(reply.type()).isEqualTo("ShipmentRejected");
        assertThat(reply.payload().get("reason").asText()).isEqualTo("UNDELIVERABLE_ADDRESS");
        assertThat(CONTRACTS.violations(reply.type(), reply.payload())).isEmpty();
        given().queryParam("orderId", orderId).get("/shipments").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aScheduleArrivingAfterTheCancelIsRejectedAsCancelledAndSchedulesNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(cancelShipment(orderId));
        commands.handle(scheduleShipment(orderId, "DE"));

        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type).containsExactly("ShipmentCancelled", "ShipmentRejected");
        assertThat(replies.get(1).payload().get("reason").asText()).isEqualTo("ORDER_CANCELLED");
        assertThat(replies).allSatisfy(row -> assertThat(CONTRACTS.violations(row.type(), row.payload())).isEmpty());
        given().queryParam("orderId", orderId).get("/shipments").then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("shippingAddress", nullValue());
    }

    @Test
    void aCancelAfterTheScheduleCallsTheShipmentOff() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(scheduleShipment(orderId, "DE"));
        commands.handle(cancelShipment(orderId));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("ShipmentScheduled", "ShipmentCancelled");
        given().queryParam("orderId", orderId).get("/shipments").then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("shippingAddress.country", equalTo("DE"));
    }

    @Test
    void aLateScheduleOverRestIsRefusedWith409() {
        String orderId = UUID.randomUUID().toString();
        given().auth().preemptive().basic("order-service", "order-service")
                .contentType("application/json").header("Idempotency-Key", orderId + ":cancel-shipment")
                .body(Map.of("orderId", orderId)).post("/commands/cancel-shipment").then().statusCode(200)
                .body("type", equalTo("ShipmentCancelled"));

        given().auth().preemptive().basic("order-service", "order-service")
                .contentType("application/json").header("Idempotency-Key", orderId + ":schedule-shipment")
                .body(Map.of("orderId", orderId, "items", java.util.List.of(Map.of("sku", "SKU-PEN", "quantity", 1)),
                        "shippingAddress", Map.of("name", "Alice", "street", "1 Main St", "city", "Springfield",
                                "postalCode", "12345", "country", "DE")))
                .post("/commands/schedule-shipment").then().statusCode(409).contentType("application/problem+json");
        given().queryParam("orderId", orderId).get("/shipments").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
    }

    private IncomingMessage cancelShipment(String orderId) {
        ObjectNode payload = mapper.createObjectNode()
                .put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId);
        assertThat(CONTRACTS.violations("CancelShipment", payload)).isEmpty();
        return new IncomingMessage(UUID.randomUUID().toString(), "CancelShipment", orderId, payload, Map.of());
    }

    private IncomingMessage scheduleShipment(String orderId, String country) {
        ObjectNode payload = mapper.createObjectNode()
                .put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId);
        payload.putArray("items").addObject().put("sku", "SKU-PEN").put("quantity", 2);
        payload.putObject("shippingAddress").put("name", "Alice Example").put("street", "1 Main Street")
                .put("city", "Springfield").put("postalCode", "12345").put("country", country);
        assertThat(CONTRACTS.violations("ScheduleShipment", payload)).isEmpty();
        return new IncomingMessage(UUID.randomUUID().toString(), "ScheduleShipment", orderId, payload, Map.of());
    }
}
