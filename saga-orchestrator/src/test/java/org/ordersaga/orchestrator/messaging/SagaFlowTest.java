package org.ordersaga.orchestrator.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.orchestrator.OrchestratorTraffic.Command;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;
import static org.ordersaga.orchestrator.OrchestratorTraffic.PATIENCE;
import static org.ordersaga.orchestrator.OrchestratorTraffic.orderPlaced;

/**
 * The orchestrator against real Postgres and Kafka: events and replies are produced to its topics the way the CDC relay
 * delivers them (headers id, eventType, traceparent); the commands it sends are read from its outbox.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class SagaFlowTest {

    /** The fields of a contract-valid InventoryReserved for the order of {@code orderPlaced}. */
    private static final String RESERVED = "\"reservationId\": \"res-1\", \"totalCents\": 300, "
            + "\"lines\": [{\"sku\": \"SKU-PEN\", \"quantity\": 2, \"unitPriceCents\": 150}]";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    private OrchestratorTraffic traffic;

    @BeforeEach
    void connect() {
        traffic = new OrchestratorTraffic(bootstrapServers, dataSource);
    }

    @AfterEach
    void disconnect() {
        traffic.close();
    }

    @Test
    void aDeclinedPaymentIsCompensatedAndTheOrderRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736".substring(0, 24) + orderId.substring(0, 8);
        String orderPlacedId = UUID.randomUUID().toString();
        traffic.send("order-events", orderId, orderPlacedId, "OrderPlaced", orderPlaced(orderId), traceId);
        traffic.send("order-events", orderId, orderPlacedId, "OrderPlaced", orderPlaced(orderId), traceId);

        Command reserve = traffic.awaitCommand(orderId, "ReserveInventory");
        JsonPath saga = traffic.sagaOf(orderId);
        assertThat(saga.getString("state")).isEqualTo("RUNNING");
        assertThat(saga.getString("traceId")).isEqualTo(traceId);
        assertThat(reserve.traceparent()).startsWith("00-" + traceId + "-");
        assertThat(reserve.payload()).contains("\"sku\": \"SKU-PEN\"");

        traffic.reply(orderId, reserve, "InventoryReserved", RESERVED);
        Command authorize = traffic.awaitCommand(orderId, "AuthorizePayment");
        assertThat(authorize.payload()).contains("\"amountCents\": 300");

        String declinedId = traffic.reply(orderId, authorize, "PaymentDeclined",
                "\"reason\": \"INSUFFICIENT_CREDIT\"");
        Command release = traffic.awaitCommand(orderId, "ReleaseInventory");
        // The same reply delivered twice, and a late reply to an answered command: neither has an effect.
        traffic.send("saga-replies", orderId, declinedId, "PaymentDeclined",
                traffic.replyPayload(orderId, authorize, "\"reason\": \"INSUFFICIENT_CREDIT\""), traceId);
        traffic.reply(orderId, reserve, "InventoryReserved", RESERVED);

        traffic.reply(orderId, release, "InventoryReleased", null);
        Command reject = traffic.awaitCommand(orderId, "RejectOrder");
        assertThat(reject.payload()).contains("\"reason\": \"INSUFFICIENT_CREDIT\"");
        traffic.reply(orderId, reject, "OrderRejected", null);
        Command notify = traffic.awaitCommand(orderId, "SendNotification");
        assertThat(notify.payload()).contains("ORDER_REJECTED");
        traffic.reply(orderId, notify, "NotificationSent", null);

        await().atMost(PATIENCE).until(() -> "REJECTED".equals(traffic.stateOf(orderId)));
        JsonPath rejected = traffic.sagaOf(orderId);
        assertThat(rejected.getList("steps.step")).containsExactly("RESERVE_INVENTORY", "AUTHORIZE_PAYMENT",
                "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(rejected.getList("steps.status")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED",
                "SUCCEEDED", "SUCCEEDED");
        assertThat(rejected.getList("timeline.kind")).containsOnlyOnce("REPLY_IGNORED");
        // A slow test round trip may let a deadline pass: a re-send keeps its command id, so count distinct ids.
        assertThat(traffic.commands(orderId).stream().map(command -> command.type() + " " + command.commandId())
                .distinct())
                .extracting(typeAndId -> typeAndId.split(" ")[0])
                .containsExactly("ReserveInventory", "AuthorizePayment", "ReleaseInventory", "RejectOrder",
                        "SendNotification");
        assertThat(traffic.count("select count(*) from saga where order_id = ?", orderId)).isEqualTo(1);

        asViewer().get("/sagas/" + rejected.getString("id")).then().statusCode(200);
    }

    @Test
    void aParticipantThatNeverAnswersGetsTheSameCommandAgainThenTheSagaCompensates() throws Exception {
        String orderId = UUID.randomUUID().toString();
        traffic.send("order-events", orderId, UUID.randomUUID().toString(), "OrderPlaced", orderPlaced(orderId),
                null);

        // %test: 3 sends 1 s apart (x1.5), then RESERVE_INVENTORY counts as failed; nobody answers the
        // compensation either, so the saga ends COMPENSATION_FAILED.
        await().atMost(PATIENCE).until(() -> "COMPENSATION_FAILED".equals(traffic.stateOf(orderId)));
        List<Command> commands = traffic.commands(orderId);
        assertThat(commands).extracting(Command::type).containsExactly("ReserveInventory", "ReserveInventory",
                "ReserveInventory", "ReleaseInventory", "ReleaseInventory", "ReleaseInventory");
        assertThat(commands.subList(0, 3)).extracting(Command::commandId).containsOnly(commands.get(0).commandId());
        JsonPath saga = traffic.sagaOf(orderId);
        assertThat(saga.getList("timeline.kind")).contains("DEADLINE_EXPIRED", "COMMAND_RESENT", "STEP_FAILED");
        assertThat(saga.getString("data.rejectionReason")).isEqualTo("RESERVE_INVENTORY_TIMED_OUT");
    }

    @Test
    void aParticipantThatIsBehindHasItsCommandsWaitedForInsteadOfResent() throws Exception {
        String first = traffic.placeOrder(); // the consumers past their first records, which a fresh app reads late
        traffic.reply(first, traffic.awaitCommand(first, "ReserveInventory"), "InventoryReserved", RESERVED);
        await().atMost(PATIENCE).until(() -> traffic.sagaOf(first).getList("timeline.kind", String.class).stream()
                .anyMatch(kind -> kind.startsWith("REPLY_")));
        // Inventory answers its first command after 3.5 s: it is behind, so a command sent to it now is likely queued.
        String late = traffic.placeOrder();
        // Counted from when the command was written, as its deadline is: a busy machine may show it to the test late.
        Instant sent = traffic.awaitCommand(late, "ReserveInventory").createdAt();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), sent.plusMillis(3_500)).toMillis()));
        reservedAndAuthorizeSent(late);
        long heardBack = System.nanoTime();

        String queued = traffic.placeOrder();
        traffic.awaitCommand(queued, "ReserveInventory");

        // %test deadline 1 s: without the hold a re-send follows 1 s after the send. The 3.5 s lag, running down at
        // wall-clock speed, holds it until about 2.2 s after inventory's answer.
        Thread.sleep(Math.max(0, 1_600 - (System.nanoTime() - heardBack) / 1_000_000));
        assertThat(traffic.commands(queued)).extracting(Command::type).containsExactly("ReserveInventory");
        // A participant that stays silent still gets the command again: the lag runs down.
        await().atMost(PATIENCE).until(() -> traffic.commands(queued).stream()
                .filter(command -> command.type().equals("ReserveInventory")).count() > 1);
    }

    private void reservedAndAuthorizeSent(String orderId) throws Exception {
        traffic.reply(orderId, traffic.awaitCommand(orderId, "ReserveInventory"), "InventoryReserved", RESERVED);
        traffic.awaitCommand(orderId, "AuthorizePayment");
    }

    @Test
    void unknownSagasAreProblems() {
        asViewer().get("/sagas/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        asViewer().get("/sagas").then().statusCode(400).contentType("application/problem+json");
        asViewer().get("/sagas?orderId=nope").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
    }
}
