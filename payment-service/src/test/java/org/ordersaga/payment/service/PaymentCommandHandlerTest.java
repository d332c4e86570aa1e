package org.ordersaga.payment.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.payment.domain.CreditAccount;
import org.ordersaga.payment.persistence.CreditAccountRepository;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.participant.CommandDispatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class PaymentCommandHandlerTest {

    private static final ContractValidator CONTRACTS = new ContractValidator();

    @Inject
    CommandDispatcher commands;
    @Inject
    CreditAccountRepository accounts;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void aDuplicateAuthorizePaymentHoldsOnceAndIsAnsweredAgain() throws Exception {
        String orderId = UUID.randomUUID().toString();
        long before = available("cust-bob");
        IncomingMessage authorize = authorizePayment(orderId, "cust-bob", 2800);

        commands.handle(authorize);
        commands.handle(authorize);

        assertThat(available("cust-bob")).isEqualTo(before - 2800);
        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).hasSize(2).allSatisfy(row -> {
            assertThat(row.topic()).isEqualTo("saga-replies");
            assertThat(row.type()).isEqualTo("PaymentAuthorized");
            assertThat(CONTRACTS.violations(row.type(), row.payload())).isEmpty();
        });
        assertThat(replies.get(1).payload()).isEqualTo(replies.get(0).payload());
    }

    @Test
    void aCustomerWithoutCreditIsDeclined() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(authorizePayment(orderId, "cust-broke", 100));

        var reply = OutboxRows.forOrder(dataSource, orderId).get(0);
        assertThat(reply.type()).isEqualTo("PaymentDeclined");
        assertThat(reply.payload().get("reason").asText()).isEqualTo("INSUFFICIENT_CREDIT");
        assertThat(CONTRACTS.violations(reply.type(), reply.payload())).isEmpty();
    }

    @Test
    void anUnknownCustomerIsDeclined() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(authorizePayment(orderId, "cust-nobody", 100));

        var reply = OutboxRows.forOrder(dataSource, orderId).get(0);
        assertThat(reply.payload().get("reason").asText()).isEqualTo("UNKNOWN_CUSTOMER");
    }

    @Test
    void voidingTwiceGivesTheMoneyBackOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        long before = available("cust-alice");
        commands.handle(authorizePayment(orderId, "cust-alice", 500));

        commands.handle(command("VoidPayment", orderId, mapper.createObjectNode()));
        commands.handle(command("VoidPayment", orderId, mapper.createObjectNode()));

        assertThat(available("cust-alice")).isEqualTo(before);
        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type)
                .containsExactly("PaymentAuthorized", "PaymentVoided", "PaymentVoided");
        assertThat(CONTRACTS.violations("PaymentVoided", replies.get(1).payload())).isEmpty();
    }

    @Test
    void aDuplicateCaptureCapturesOnceAndCarriesTheAmount() throws Exception {
        String orderId = UUID.randomUUID().toString();
        commands.handle(authorizePayment(orderId, "cust-alice", 700));
        IncomingMessage capture = command("CapturePayment", orderId, mapper.createObjectNode());

        commands.handle(capture);
        commands.handle(capture);

        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type)
                .containsExactly("PaymentAuthorized", "PaymentCaptured", "PaymentCaptured");
        assertThat(replies.get(1).payload().get("amountCents").asLong()).isEqualTo(700);
        assertThat(CONTRACTS.violations("PaymentCaptured", replies.get(1).payload())).isEmpty();
    }

    @Test
    void capturingAVoidedAuthorizationIsNotAnswered() throws Exception {
        String orderId = UUID.randomUUID().toString();
        commands.handle(authorizePayment(orderId, "cust-alice", 100));
        commands.handle(command("VoidPayment", orderId, mapper.createObjectNode()));

        commands.handle(command("CapturePayment", orderId, mapper.createObjectNode()));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("PaymentAuthorized", "PaymentVoided");
    }

    @Test
    void aLateAuthorizeOverRestIsRefusedWith409AndHoldsNothing() {
        String orderId = UUID.randomUUID().toString();
        long creditBefore = available("cust-alice");
        given().auth().preemptive().basic("order-service", "order-service")
                .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":void-payment")
                .body(Map.of("orderId", orderId))
                .post("/commands/void-payment").then().statusCode(200).body("type", equalTo("PaymentVoided"));

        Map<String, Object> authorize = Map.of("orderId", orderId, "customerId", "cust-alice", "amountCents", 4900);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().preemptive().basic("order-service", "order-service")
                    .contentType(ContentType.JSON).header("Idempotency-Key", orderId + ":authorize-payment")
                    .body(authorize)
                    .post("/commands/authorize-payment").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString(orderId));
        }

        assertThat(available("cust-alice")).isEqualTo(creditBefore);
        given().queryParam("orderId", orderId).get("/payments").then().statusCode(200)
                .body("state", equalTo("VOIDED")).body("amountCents", equalTo(0));
    }

    @Test
    void aLateAuthorizeOnKafkaIsDeclinedAsCancelledAndHoldsNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        long creditBefore = available("cust-bob");
        commands.handle(command("VoidPayment", orderId, mapper.createObjectNode()));

        commands.handle(command("AuthorizePayment", orderId,
                mapper.createObjectNode().put("customerId", "cust-bob").put("amountCents", 2500)));

        assertThat(available("cust-bob")).isEqualTo(creditBefore);
        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).extracting(OutboxRows.Row::type).containsExactly("PaymentVoided", "PaymentDeclined");
        assertThat(replies.get(1).payload().get("reason").asText()).isEqualTo("ORDER_CANCELLED");
        assertThat(CONTRACTS.violations("PaymentDeclined", replies.get(1).payload())).isEmpty();
    }

    @Test
    void anAuthorizeAfterARealVoidIsDeclinedToo() throws Exception {
        String orderId = UUID.randomUUID().toString();
        long creditBefore = available("cust-bob");
        ObjectNode authorize = mapper.createObjectNode().put("customerId", "cust-bob").put("amountCents", 150);
        commands.handle(command("AuthorizePayment", orderId, authorize.deepCopy()));
        commands.handle(command("VoidPayment", orderId, mapper.createObjectNode()));

        commands.handle(command("AuthorizePayment", orderId, authorize.deepCopy()));

        assertThat(available("cust-bob")).isEqualTo(creditBefore);
        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("PaymentAuthorized", "PaymentVoided", "PaymentDeclined");
    }

    private IncomingMessage authorizePayment(String orderId, String customerId, long amountCents) {
        ObjectNode payload = mapper.createObjectNode().put("customerId", customerId).put("amountCents", amountCents);
        return command("AuthorizePayment", orderId, payload);
    }

    private IncomingMessage command(String type, String orderId, ObjectNode payload) {
        payload.put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId);
        assertThat(CONTRACTS.violations(type, payload)).isEmpty();
        return new IncomingMessage(UUID.randomUUID().toString(), type, orderId, payload, Map.of());
    }

    private long available(String customerId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.findByIdOptional(customerId).map(CreditAccount::availableCents).orElseThrow());
    }
}
