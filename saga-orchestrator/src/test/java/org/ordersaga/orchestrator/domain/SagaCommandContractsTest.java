package org.ordersaga.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordersaga.orchestrator.domain.SagaScenario.givenSagaAwaiting;
import static org.ordersaga.orchestrator.domain.SagaScenario.reply;
import static org.ordersaga.orchestrator.domain.SagaScenario.successOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.ordersaga.contracts.ContractValidator;

/** Every command the orchestrator sends validates against its published JSON Schema (contracts v1). */
class SagaCommandContractsTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ContractValidator contracts = new ContractValidator();

    @Test
    void every_command_of_the_forward_path_and_of_the_compensations_matches_its_schema() {
        List<SagaCommand> sent = new ArrayList<>();
        sent.addAll(givenSagaAwaiting("NOTIFY_CONFIRMED").andReply(successOf("NOTIFY_CONFIRMED")).allCommands());
        sent.addAll(givenSagaAwaiting("SCHEDULE_SHIPMENT")
                .when(reply("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS", "detail", "AQ"))
                .andReply(successOf("VOID_PAYMENT"))
                .andReply(successOf("RELEASE_INVENTORY"))
                .andReply(successOf("REJECT_ORDER"))
                .andReply(successOf("NOTIFY_REJECTED"))
                .allCommands());
        sent.addAll(givenSagaAwaiting("SCHEDULE_SHIPMENT").andDeadlineExpiresTimes(3).allCommands());

        Set<String> types = sent.stream().map(SagaCommand::type).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("ReserveInventory", "AuthorizePayment", "ScheduleShipment",
                "SettleInventory", "CapturePayment", "ApproveOrder", "SendNotification", "VoidPayment",
                "ReleaseInventory", "RejectOrder", "CancelShipment");
        for (SagaCommand command : sent) {
            assertThat(contracts.violations(command.type(), JSON.valueToTree(command.payload())))
                    .as("%s %s", command.type(), command.payload())
                    .isEmpty();
        }
    }
}
