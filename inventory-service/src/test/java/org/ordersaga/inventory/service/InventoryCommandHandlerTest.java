package org.ordersaga.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.inventory.domain.Product;
import org.ordersaga.inventory.persistence.ProductRepository;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.participant.CommandDispatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class InventoryCommandHandlerTest {

    private static final ContractValidator CONTRACTS = new ContractValidator();

    @Inject
    CommandDispatcher commands;
    @Inject
    ProductRepository products;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void aDuplicateReserveInventoryReservesOnceAndIsAnsweredAgainWithTheSameReply() throws Exception {
        String orderId = UUID.randomUUID().toString();
        IncomingMessage reserve = reserveInventory(orderId, Map.of("SKU-PEN", 2, "SKU-BOOK", 1));
        int pensBefore = available("SKU-PEN");

        commands.handle(reserve);
        commands.handle(reserve);

        assertThat(available("SKU-PEN")).isEqualTo(pensBefore - 2);
        List<OutboxRows.Row> replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).hasSize(2).allSatisfy(row -> {
            assertThat(row.topic()).isEqualTo("saga-replies");
            assertThat(row.type()).isEqualTo("InventoryReserved");
            assertThat(CONTRACTS.violations(row.type(), row.payload())).isEmpty();
        });
        assertThat(replies.get(1).payload()).isEqualTo(replies.get(0).payload());
        assertThat(replies.get(0).payload().get("totalCents").asLong()).isEqualTo(2 * 150 + 2500);
        assertThat(replies.get(0).payload().get("commandId").asText()).isEqualTo(reserve.text("commandId"));
    }

    @Test
    void aSoldOutSkuRejectsTheWholeOrderAndReservesNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        int pensBefore = available("SKU-PEN");

        commands.handle(reserveInventory(orderId, Map.of("SKU-PEN", 1, "SKU-SOLD-OUT", 1)));

        assertThat(available("SKU-PEN")).isEqualTo(pensBefore);
        OutboxRows.Row reply = OutboxRows.forOrder(dataSource, orderId).get(0);
        assertThat(reply.type()).isEqualTo("InventoryRejected");
        assertThat(reply.payload().get("reason").asText()).isEqualTo("OUT_OF_STOCK");
        assertThat(CONTRACTS.violations(reply.type(), reply.payload())).isEmpty();
    }

    @Test
    void anUnknownSkuIsRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(reserveInventory(orderId, Map.of("SKU-UNKNOWN", 1)));

        OutboxRows.Row reply = OutboxRows.forOrder(dataSource, orderId).get(0);
        assertThat(reply.type()).isEqualTo("InventoryRejected");
        assertThat(reply.payload().get("reason").asText()).isEqualTo("UNKNOWN_SKU");
    }

    @Test
    void releasingTwiceWithDifferentCommandsPutsStockBackOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        int lampsBefore = available("SKU-LAMP");
        commands.handle(reserveInventory(orderId, Map.of("SKU-LAMP", 3)));

        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));
        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        assertThat(available("SKU-LAMP")).isEqualTo(lampsBefore);
        List<OutboxRows.Row> replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventoryReleased", "InventoryReleased");
        assertThat(CONTRACTS.violations("InventoryReleased", replies.get(1).payload())).isEmpty();
    }

    @Test
    void releasingAnUnknownReservationIsAnsweredWithoutEffect() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReleased");
    }

    @Test
    void anUnknownMessageTypeIsIgnored() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(command("TeleportInventory", orderId, mapper.createObjectNode()));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).isEmpty();
    }

    @Test
    void aLateReserveOverRestIsRefusedWith409AndReservesNothing() {
        String orderId = UUID.randomUUID().toString();
        int lampsBefore = available("SKU-LAMP");
        given().auth().preemptive().basic("order-service", "order-service")
                .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":release-inventory")
                .body(Map.of("orderId", orderId))
                .post("/commands/release-inventory").then().statusCode(200).body("type", equalTo("InventoryReleased"));

        String reserve = "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":2}]}";
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().preemptive().basic("order-service", "order-service")
                    .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":reserve-inventory").body(reserve)
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
        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        ObjectNode payload = mapper.createObjectNode();
        payload.putArray("items").addObject().put("sku", "SKU-PEN").put("quantity", 5);
        commands.handle(command("ReserveInventory", orderId, payload));

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
        commands.handle(command("ReserveInventory", orderId, items.deepCopy()));
        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        commands.handle(command("ReserveInventory", orderId, items.deepCopy()));

        assertThat(available("SKU-BOOK")).isEqualTo(booksBefore);
        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventoryReleased", "InventoryRejected");
    }

    /** Defect 9: approved orders' stock must leave reserved, so that available + reserved + settled stays the initial stock. */
    @Test
    void stockIsConservedAfterApprovedAndRejectedOrders() throws Exception {
        String sku = tenUnitProduct();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderId = UUID.randomUUID().toString();
            commands.handle(reserveInventory(orderId, Map.of(sku, 2)));
            orders.add(orderId);
        }
        assertThat(stock(sku)).extracting(Stock::available, Stock::reserved).containsExactly(0, 10);

        for (String approved : orders.subList(0, 4)) {
            commands.handle(command("SettleInventory", approved, mapper.createObjectNode()));
        }
        commands.handle(command("ReleaseInventory", orders.get(4), mapper.createObjectNode()));

        Stock stock = stock(sku);
        assertThat(stock).as("after 4 approved and 1 rejected order of 2").isEqualTo(new Stock(2, 0, 8));
        assertThat(stock.available() + stock.reserved() + stock.settled()).as("conserved").isEqualTo(10);
        for (String approved : orders.subList(0, 4)) {
            given().queryParam("orderId", approved).get("/reservations").then().statusCode(200)
                    .body("state", equalTo("SETTLED"));
            List<OutboxRows.Row> replies = OutboxRows.forOrder(dataSource, approved);
            assertThat(replies).extracting(OutboxRows.Row::type).containsExactly("InventoryReserved", "InventorySettled");
            assertThat(CONTRACTS.violations("InventorySettled", replies.get(1).payload())).isEmpty();
        }
    }

    @Test
    void aRepeatedSettleInventorySettlesOnceAndIsAnsweredAgain() throws Exception {
        String sku = tenUnitProduct();
        String orderId = UUID.randomUUID().toString();
        commands.handle(reserveInventory(orderId, Map.of(sku, 3)));
        IncomingMessage settle = command("SettleInventory", orderId, mapper.createObjectNode());

        commands.handle(settle);
        commands.handle(settle);
        // another command id for the same order: its reservation is settled already
        commands.handle(command("SettleInventory", orderId, mapper.createObjectNode()));

        assertThat(stock(sku)).isEqualTo(new Stock(7, 0, 3));
        List<OutboxRows.Row> replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventorySettled", "InventorySettled", "InventorySettled");
        assertThat(replies.get(2).payload()).isEqualTo(replies.get(1).payload());
        assertThat(replies.get(1).payload().get("commandId").asText()).isEqualTo(settle.text("commandId"));
    }

    @Test
    void settlingAReleasedReservationChangesNothing() throws Exception {
        String sku = tenUnitProduct();
        String orderId = UUID.randomUUID().toString();
        commands.handle(reserveInventory(orderId, Map.of(sku, 4)));
        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        commands.handle(command("SettleInventory", orderId, mapper.createObjectNode()));

        assertThat(stock(sku)).isEqualTo(new Stock(10, 0, 0));
        given().queryParam("orderId", orderId).get("/reservations").then().statusCode(200)
                .body("state", equalTo("RELEASED"));
        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventoryReleased", "InventorySettled");
    }

    @Test
    void settlingAnUnknownReservationIsAnsweredAndRecordsNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(command("SettleInventory", orderId, mapper.createObjectNode()));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventorySettled");
        given().queryParam("orderId", orderId).get("/reservations").then().statusCode(404);
    }

    @Test
    void releasingASettledReservationChangesNothing() throws Exception {
        String sku = tenUnitProduct();
        String orderId = UUID.randomUUID().toString();
        commands.handle(reserveInventory(orderId, Map.of(sku, 5)));
        commands.handle(command("SettleInventory", orderId, mapper.createObjectNode()));

        commands.handle(command("ReleaseInventory", orderId, mapper.createObjectNode()));

        assertThat(stock(sku)).isEqualTo(new Stock(5, 0, 5));
        given().queryParam("orderId", orderId).get("/reservations").then().statusCode(200)
                .body("state", equalTo("SETTLED"));
        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("InventoryReserved", "InventorySettled", "InventoryReleased");
    }

    @Test
    void settlingOverRestIsAnsweredOncePerKey() {
        String sku = tenUnitProduct();
        String orderId = UUID.randomUUID().toString();
        given().auth().preemptive().basic("order-service", "order-service")
                .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":reserve-inventory")
                .body("{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":2}]}")
                .post("/commands/reserve-inventory").then().statusCode(200).body("type", equalTo("InventoryReserved"));

        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().preemptive().basic("order-service", "order-service")
                    .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":settle-inventory")
                    .body(Map.of("orderId", orderId))
                    .post("/commands/settle-inventory").then().statusCode(200)
                    .body("type", equalTo("InventorySettled")).body("orderId", equalTo(orderId))
                    .body("commandId", equalTo(orderId + ":settle-inventory"))
                    .header("Idempotent-Replayed", attempt == 0 ? nullValue() : equalTo("true"));
        }

        assertThat(stock(sku)).isEqualTo(new Stock(8, 0, 2));
    }

    private IncomingMessage reserveInventory(String orderId, Map<String, Integer> quantities) {
        ObjectNode payload = mapper.createObjectNode();
        var items = payload.putArray("items");
        quantities.forEach((sku, quantity) -> items.addObject().put("sku", sku).put("quantity", quantity));
        return command("ReserveInventory", orderId, payload);
    }

    private IncomingMessage command(String type, String orderId, ObjectNode payload) {
        payload.put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId);
        assertThat(type.equals("TeleportInventory") || CONTRACTS.violations(type, payload).isEmpty()).isTrue();
        return new IncomingMessage(UUID.randomUUID().toString(), type, orderId, payload, Map.of());
    }

    /** A fresh SKU with 10 units, so that a test can count its whole stock. */
    private String tenUnitProduct() {
        String sku = "SKU-TEN-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> products.persist(new Product(sku, "Ten of a kind", 100, 10)));
        return sku;
    }

    /** The product's stock as the product API shows it (a field it lacks reads null). */
    private static Stock stock(String sku) {
        JsonPath product = given().get("/products/{sku}", sku).then().statusCode(200).extract().jsonPath();
        return new Stock(product.get("available"), product.get("reserved"), product.get("settled"));
    }

    private record Stock(Integer available, Integer reserved, Integer settled) {
    }

    private int available(String sku) {
        return QuarkusTransaction.requiringNew().call(() -> products.findByIdOptional(sku).map(Product::available).orElseThrow());
    }
}
