package org.ordersaga.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.inventory.domain.Product;
import org.ordersaga.inventory.persistence.ProductRepository;
import org.ordersaga.testsupport.LocalPlatformResource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** A release that found nothing to undo refuses the order's reserve arriving after it, without effect. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class ReserveAfterReleaseTest {

    private static final ContractValidator CONTRACTS = new ContractValidator();

    @Inject
    InventoryCommandHandler handler;
    @Inject
    ProductRepository products;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void aLateReserveOverRestIsRefusedWith409AndReservesNothing() {
        String orderId = UUID.randomUUID().toString();
        int lampsBefore = available("SKU-LAMP");
        given().contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":release-inventory")
                .body(Map.of("orderId", orderId))
                .post("/commands/release-inventory").then().statusCode(200).body("type", equalTo("InventoryReleased"));

        String reserve = "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":2}]}";
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":reserve-inventory").body(reserve)
                    .post("/commands/reserve-inventory").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString(orderId));
        }

        assertThat(available("SKU-LAMP")).isEqualTo(lampsBefore);
        given().queryParam("orderId", orderId).get("/reservations").then().statusCode(200)
                .body("state", equalTo("RELEASED")).body("lines", hasSize(0));
    }

    @Test
    void aLateReserveOnKafkaIsRejectedAsCancelledAndReservesNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        int pensBefore = available("SKU-PEN");
        handler.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        ObjectNode payload = mapper.createObjectNode();
        payload.putArray("items").addObject().put("sku", "SKU-PEN").put("quantity", 5);
        handler.handle(command("ReserveInventory", orderId, payload));

        assertThat(available("SKU-PEN")).isEqualTo(pensBefore);
        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type).containsExactly("InventoryReleased", "InventoryRejected");
        assertThat(replies.get(1).payload().get("reason").asText()).isEqualTo("ORDER_CANCELLED");
        assertThat(CONTRACTS.violations("InventoryRejected", replies.get(1).payload())).isEmpty();
    }

    @Test
    void aReserveAfterARealReleaseIsRefusedToo() throws Exception {
        String orderId = UUID.randomUUID().toString();
        int booksBefore = available("SKU-BOOK");
        ObjectNode items = mapper.createObjectNode();
        items.putArray("items").addObject().put("sku", "SKU-BOOK").put("quantity", 1);
        handler.handle(command("ReserveInventory", orderId, items.deepCopy()));
        handler.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        handler.handle(command("ReserveInventory", orderId, items.deepCopy()));

        assertThat(available("SKU-BOOK")).isEqualTo(booksBefore);
        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventoryReleased", "InventoryRejected");
    }

    private IncomingMessage command(String type, String orderId, ObjectNode payload) {
        payload.put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId);
        assertThat(CONTRACTS.violations(type, payload)).isEmpty();
        return new IncomingMessage(UUID.randomUUID().toString(), type, orderId, payload, Map.of());
    }

    private int available(String sku) {
        return QuarkusTransaction.requiringNew().call(() -> products.findByIdOptional(sku).map(Product::available).orElseThrow());
    }
}
