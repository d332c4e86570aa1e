package org.ordersaga.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.chassis.rest.ProblemException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CommandsTest {

    record Reserve(String commandId, String orderId, int quantity) {
    }

    record Rejected(String commandId, String orderId, String reason, String detail) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Commands commands = Commands.answeredOn("saga-replies", mapper)
            .on("Reserve", Reserve.class, reserve -> reserve.quantity() > 0
                    ? new Reply("Reserved", Map.of("orderId", reserve.orderId()))
                    : new Reply("Rejected", new Rejected(reserve.commandId(), reserve.orderId(),
                            Commands.ORDER_CANCELLED, "Order " + reserve.orderId() + " was released")))
            .onUnlessRefused("Capture", Reserve.class, capture -> Optional.empty());

    @Nested
    class OnKafka {

        @Test
        void theHandlerGetsThePayloadAsItsRecordAndItsReplyIsTheAnswer() {
            assertThat(commands.answer(command("Reserve", 2))).get().extracting(Reply::type).isEqualTo("Reserved");
        }

        @Test
        void fieldsTheRecordDoesNotNameAreIgnoredAsTheContractsAdmitThem() {
            IncomingMessage command = command("Reserve", 2);
            ((ObjectNode) command.payload()).put("addedInContractV2", "x");

            assertThat(commands.answer(command)).isPresent();
        }

        @Test
        void aRefusalForACancelledOrderIsTheReplyTheSagaExpects() {
            assertThat(commands.answer(command("Reserve", 0))).get().extracting(Reply::type).isEqualTo("Rejected");
        }

        @Test
        void aCommandLeftUnansweredSendsNothing() {
            assertThat(commands.answer(command("Capture", 1))).isEmpty();
        }

        @Test
        void aPayloadItsRecordCannotHoldIsRefusedAsBreakingItsContract() {
            IncomingMessage command = command("Reserve", 1);
            ((ObjectNode) command.payload()).put("quantity", "many");

            assertThatThrownBy(() -> commands.answer(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Reserve payload does not match its contract");
        }
    }

    @Nested
    class OverRest {

        @Test
        void aRefusalForACancelledOrderIsA409WithItsDetail() {
            assertThatThrownBy(() -> commands.answerOverRest(command("Reserve", 0)))
                    .isInstanceOfSatisfying(ProblemException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(409);
                        assertThat(refused.getMessage()).contains("was released");
                    });
        }

        @Test
        void aCommandLeftUnansweredIsA409NamingTheOrder() {
            assertThatThrownBy(() -> commands.answerOverRest(command("Capture", 1)))
                    .isInstanceOfSatisfying(ProblemException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(409);
                        assertThat(refused.getMessage()).contains("order-7");
                    });
        }

        @Test
        void anyOtherReplyIsTheAnswer() {
            assertThat(commands.answerOverRest(command("Reserve", 1)).type()).isEqualTo("Reserved");
        }
    }

    @Test
    void aCommandIsAtItsTypeInKebabCase() {
        assertThat(CommandResource.path("ReserveInventory")).isEqualTo("reserve-inventory");
        assertThat(CommandResource.path("SendNotification")).isEqualTo("send-notification");
        assertThat(commands.types()).containsExactly("Reserve", "Capture");
    }

    private IncomingMessage command(String type, int quantity) {
        ObjectNode payload = mapper.createObjectNode().put("commandId", "c-1").put("orderId", "order-7")
                .put("quantity", quantity);
        return new IncomingMessage("c-1", type, "order-7", payload, Map.of());
    }
}
