package org.ordersaga.notification.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.OperatorCaller;
import org.ordersaga.participant.CommandDispatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "notification"))
class NotificationCommandHandlerTest {

    private static final ContractValidator CONTRACTS = new ContractValidator();

    @Inject
    CommandDispatcher commands;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void aDuplicateSendNotificationSendsOnceAndIsAnsweredAgain() throws Exception {
        String orderId = UUID.randomUUID().toString();
        IncomingMessage send = sendNotification(orderId, "ORDER_CONFIRMED");

        commands.handle(send);
        commands.handle(send);

        var replies = OutboxRows.forOrder(dataSource, orderId);
        assertThat(replies).hasSize(2).allSatisfy(row -> {
            assertThat(row.type()).isEqualTo("NotificationSent");
            assertThat(CONTRACTS.violations(row.type(), row.payload())).isEmpty();
        });
        asOperator().queryParam("orderId", orderId).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].kind", equalTo("ORDER_CONFIRMED"));
    }

    @Test
    void aSecondCommandOfTheSameKindForTheOrderSendsNothingMore() throws Exception {
        String orderId = UUID.randomUUID().toString();

        commands.handle(sendNotification(orderId, "ORDER_REJECTED"));
        commands.handle(sendNotification(orderId, "ORDER_REJECTED"));

        assertThat(OutboxRows.forOrder(dataSource, orderId)).extracting(OutboxRows.Row::type)
                .containsExactly("NotificationSent", "NotificationSent");
        asOperator().queryParam("orderId", orderId).get("/notifications").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void theQueryNeedsAnOrderId() {
        asOperator().get("/notifications").then().statusCode(400).contentType("application/problem+json");
    }

    private static RequestSpecification asOperator() {
        return given().auth().preemptive().basic(OperatorCaller.USER, OperatorCaller.PASSWORD);
    }

    private IncomingMessage sendNotification(String orderId, String kind) {
        ObjectNode payload = mapper.createObjectNode()
                .put("commandId", UUID.randomUUID().toString())
                .put("sagaId", UUID.randomUUID().toString())
                .put("orderId", orderId)
                .put("customerId", "cust-alice")
                .put("kind", kind)
                .put("text", "Your order " + orderId + ": " + kind);
        assertThat(CONTRACTS.violations("SendNotification", payload)).isEmpty();
        return new IncomingMessage(UUID.randomUUID().toString(), "SendNotification", orderId, payload, Map.of());
    }
}
