package org.ordersaga.orchestrator.domain;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.ordersaga.contracts.Topics.FULFILLMENT_COMMANDS;
import static org.ordersaga.contracts.Topics.INVENTORY_COMMANDS;
import static org.ordersaga.contracts.Topics.NOTIFICATION_COMMANDS;
import static org.ordersaga.contracts.Topics.ORDER_COMMANDS;
import static org.ordersaga.contracts.Topics.PAYMENT_COMMANDS;
import static org.ordersaga.orchestrator.domain.SagaScenario.TOTAL_CENTS;
import static org.ordersaga.orchestrator.domain.SagaScenario.givenNewSaga;
import static org.ordersaga.orchestrator.domain.SagaScenario.givenSagaAwaiting;
import static org.ordersaga.orchestrator.domain.SagaScenario.reply;
import static org.ordersaga.orchestrator.domain.SagaScenario.successOf;
import static org.ordersaga.orchestrator.domain.SagaState.COMPENSATING;
import static org.ordersaga.orchestrator.domain.SagaState.COMPENSATION_FAILED;
import static org.ordersaga.orchestrator.domain.SagaState.COMPLETED;
import static org.ordersaga.orchestrator.domain.SagaState.REJECTED;
import static org.ordersaga.orchestrator.domain.SagaState.RUNNING;
import static org.ordersaga.orchestrator.domain.SagaState.STUCK;

class PlaceOrderSagaTest {

    @Nested
    class EachForwardStep {

        @Test
        void aNewSagaReservesTheItems() {
            givenNewSaga()
                    .expectCommand(INVENTORY_COMMANDS, "ReserveInventory", Map.of("items", List.of(
                            new OrderItem("SKU-PEN", 1), new OrderItem("SKU-BOOK", 2))))
                    .expectState(RUNNING)
                    .expectAwaiting("RESERVE_INVENTORY")
                    .expectTimelineEndsWith(SagaEventKind.SAGA_STARTED, SagaEventKind.COMMAND_SENT);
        }

        @Test
        void inventoryReservedAuthorizesThePricedTotal() {
            givenSagaAwaiting("RESERVE_INVENTORY")
                    .when(successOf("RESERVE_INVENTORY"))
                    .expectCommand(PAYMENT_COMMANDS, "AuthorizePayment",
                            Map.of("customerId", "cust-alice", "amountCents", TOTAL_CENTS))
                    .expectState(RUNNING);
        }

        @Test
        void paymentAuthorizedSchedulesTheShipment() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(successOf("AUTHORIZE_PAYMENT"))
                    .expectCommand(FULFILLMENT_COMMANDS, "ScheduleShipment", Map.of("items", List.of(
                            new OrderItem("SKU-PEN", 1), new OrderItem("SKU-BOOK", 2))))
                    .expectState(RUNNING);
            assertThat(scenario.lastCommand().payload().get("shippingAddress"))
                    .isEqualTo(new ShippingAddress("Alice", "1 Main St", "Springfield", "12345", "US"));
            assertThat(scenario.saga().getData().getAuthorizationId()).isEqualTo("auth-1");
        }

        /** Defect 9: an approved order's stock stayed HELD for ever; past the pivot it is settled. */
        @Test
        void shipmentScheduledPassesThePivotAndSettlesTheStock() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .when(successOf("SCHEDULE_SHIPMENT"))
                    .expectCommand(INVENTORY_COMMANDS, "SettleInventory", Map.of())
                    .expectState(RUNNING)
                    .expectAwaiting("SETTLE_INVENTORY");
        }

        @Test
        void inventorySettledCapturesThePayment() {
            givenSagaAwaiting("SETTLE_INVENTORY")
                    .when(successOf("SETTLE_INVENTORY"))
                    .expectCommand(PAYMENT_COMMANDS, "CapturePayment", Map.of())
                    .expectState(RUNNING);
        }

        @Test
        void paymentCapturedApprovesTheOrderWithItsTotal() {
            givenSagaAwaiting("CAPTURE_PAYMENT")
                    .when(successOf("CAPTURE_PAYMENT"))
                    .expectCommand(ORDER_COMMANDS, "ApproveOrder", Map.of("totalCents", TOTAL_CENTS))
                    .expectState(RUNNING);
        }

        @Test
        void orderApprovedSendsTheConfirmation() {
            givenSagaAwaiting("APPROVE_ORDER")
                    .when(successOf("APPROVE_ORDER"))
                    .expectCommand(NOTIFICATION_COMMANDS, "SendNotification",
                            Map.of("customerId", "cust-alice", "kind", "ORDER_CONFIRMED"))
                    .expectState(RUNNING);
        }

        @Test
        void theForwardStepsRunInThisOrderWithTheSettlementRightAfterThePivot() {
            assertThat(PlaceOrderSaga.forwardSteps()).extracting(SagaStep::name, SagaStep::kind).containsExactly(
                    tuple("RESERVE_INVENTORY", StepKind.COMPENSATABLE),
                    tuple("AUTHORIZE_PAYMENT", StepKind.COMPENSATABLE),
                    tuple("SCHEDULE_SHIPMENT", StepKind.PIVOT),
                    tuple("SETTLE_INVENTORY", StepKind.RETRIABLE),
                    tuple("CAPTURE_PAYMENT", StepKind.RETRIABLE),
                    tuple("APPROVE_ORDER", StepKind.RETRIABLE),
                    tuple("NOTIFY_CONFIRMED", StepKind.RETRIABLE));
        }

        @Test
        void anApprovedOrderSendsOneCommandPerForwardStep() {
            SagaScenario scenario = givenSagaAwaiting("NOTIFY_CONFIRMED").andReply(successOf("NOTIFY_CONFIRMED"))
                    .expectState(COMPLETED);
            assertThat(scenario.allCommands()).extracting(SagaCommand::type).containsExactly("ReserveInventory",
                    "AuthorizePayment", "ScheduleShipment", "SettleInventory", "CapturePayment", "ApproveOrder",
                    "SendNotification");
        }

        @Test
        void notificationSentCompletesTheSaga() {
            SagaScenario scenario = givenSagaAwaiting("NOTIFY_CONFIRMED")
                    .when(successOf("NOTIFY_CONFIRMED"))
                    .expectNoCommand()
                    .expectState(COMPLETED)
                    .expectTimelineEndsWith(SagaEventKind.REPLY_RECEIVED, SagaEventKind.STATE_CHANGED);
            assertThat(scenario.saga().getPendingCommandId()).isNull();
            assertThat(scenario.saga().getData().getShipmentId()).isEqualTo("ship-1");
            assertThat(scenario.saga().getData().getCapturedCents()).isEqualTo(TOTAL_CENTS);
        }
    }

    @Nested
    class EachFailureBranchCompensatesInReverse {

        @Test
        void inventoryRejectedHasNothingToUndoAndRejectsTheOrder() {
            givenSagaAwaiting("RESERVE_INVENTORY")
                    .when(reply("InventoryRejected", "reason", "OUT_OF_STOCK", "detail", "SKU-SOLD-OUT"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "OUT_OF_STOCK"))
                    .expectState(COMPENSATING)
                    .andReply(successOf("REJECT_ORDER"))
                    .expectCommand(NOTIFICATION_COMMANDS, "SendNotification",
                            Map.of("customerId", "cust-alice", "kind", "ORDER_REJECTED"))
                    .andReply(successOf("NOTIFY_REJECTED"))
                    .expectNoCommand()
                    .expectState(REJECTED);
        }

        @Test
        void paymentDeclinedReleasesTheInventory() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(reply("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT"))
                    .expectCommand(INVENTORY_COMMANDS, "ReleaseInventory", Map.of())
                    .expectState(COMPENSATING)
                    .andReply(successOf("RELEASE_INVENTORY"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "INSUFFICIENT_CREDIT"))
                    .andReply(successOf("REJECT_ORDER"))
                    .expectCommands("SendNotification")
                    .andReply(successOf("NOTIFY_REJECTED"))
                    .expectState(REJECTED);
        }

        @Test
        void shipmentRejectedVoidsThePaymentThenReleasesTheInventory() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .when(reply("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS"))
                    .expectCommand(PAYMENT_COMMANDS, "VoidPayment", Map.of())
                    .expectState(COMPENSATING)
                    .andReply(successOf("VOID_PAYMENT"))
                    .expectCommand(INVENTORY_COMMANDS, "ReleaseInventory", Map.of())
                    .andReply(successOf("RELEASE_INVENTORY"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "UNDELIVERABLE_ADDRESS"))
                    .andReply(successOf("REJECT_ORDER"))
                    .expectCommands("SendNotification")
                    .andReply(successOf("NOTIFY_REJECTED"))
                    .expectNoCommand()
                    .expectState(REJECTED);
        }

        @Test
        void theRejectionReasonAndDetailAreKept() {
            SagaScenario scenario = givenSagaAwaiting("RESERVE_INVENTORY")
                    .when(reply("InventoryRejected", "reason", "UNKNOWN_SKU", "detail", "SKU-UNKNOWN"));
            assertThat(scenario.saga().getData().getRejectionReason()).isEqualTo("UNKNOWN_SKU");
            assertThat(scenario.saga().getData().getRejectionDetail()).isEqualTo("SKU-UNKNOWN");
            assertThat(scenario.saga().getData().getFailedStep()).isEqualTo("RESERVE_INVENTORY");
        }
    }

    @Nested
    class Deadlines {

        @Test
        void anExpiredDeadlineResendsTheSameCommandWithBackoff() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT");
            SagaCommand first = scenario.lastCommand();

            scenario.whenDeadlineExpires()
                    .expectCommands("AuthorizePayment")
                    .expectState(RUNNING)
                    .expectTimelineEndsWith(SagaEventKind.DEADLINE_EXPIRED, SagaEventKind.COMMAND_RESENT);
            SagaCommand resent = scenario.lastCommand();
            assertThat(resent.commandId()).isEqualTo(first.commandId());
            assertThat(resent.payload()).isEqualTo(first.payload());
            assertThat(resent.attempt()).isEqualTo(2);
            assertThat(scenario.saga().getPendingDeadline()).isEqualTo(scenario.now().plusSeconds(10));

            scenario.whenDeadlineExpires();
            assertThat(scenario.lastCommand().attempt()).isEqualTo(3);
            assertThat(scenario.saga().getPendingDeadline()).isEqualTo(scenario.now().plusSeconds(20));
        }

        @Test
        void aDeadlineThatPassesWhileTheCommandIsQueuedWaitsWithoutUsingAnAttempt() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT");

            scenario.whenDeadlinePassesWhileQueued(Duration.ofSeconds(5))
                    .expectCommands()
                    .expectState(RUNNING)
                    .expectTimelineEndsWith(SagaEventKind.COMMAND_QUEUED);
            assertThat(scenario.saga().getPendingAttempt()).isEqualTo(1);
            assertThat(scenario.saga().getPendingDeadline()).isEqualTo(scenario.now().plusSeconds(5));

            // no longer queued (read, unanswered): the next deadline re-sends it as its second attempt
            scenario.whenDeadlineExpires().expectCommands("AuthorizePayment");
            assertThat(scenario.lastCommand().attempt()).isEqualTo(2);
        }

        @Test
        void aDeadlineNotYetDueDoesNothing() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT");
            List<SagaCommand> commands = scenario.saga()
                    .onDeadlineExpired(scenario.now().plusSeconds(1), SagaScenario.POLICY);
            assertThat(commands).isEmpty();
        }

        @Test
        void aReplyToAResentCommandIsAccepted() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .andDeadlineExpiresTimes(2)
                    .when(successOf("SCHEDULE_SHIPMENT"))
                    .expectCommands("SettleInventory")
                    .expectState(RUNNING);
        }

        @Test
        void reservationTimedOutIsReleasedInCaseItHappened() {
            givenSagaAwaiting("RESERVE_INVENTORY")
                    .andDeadlineExpiresTimes(2)
                    .whenDeadlineExpires()
                    .expectCommand(INVENTORY_COMMANDS, "ReleaseInventory", Map.of())
                    .expectState(COMPENSATING)
                    .andReply(successOf("RELEASE_INVENTORY"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "RESERVE_INVENTORY_TIMED_OUT"));
        }

        @Test
        void authorizationTimedOutIsVoidedThenInventoryReleased() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .andDeadlineExpiresTimes(2)
                    .whenDeadlineExpires()
                    .expectCommands("VoidPayment")
                    .expectState(COMPENSATING)
                    .andReply(successOf("VOID_PAYMENT"))
                    .expectCommands("ReleaseInventory")
                    .andReply(successOf("RELEASE_INVENTORY"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "AUTHORIZE_PAYMENT_TIMED_OUT"))
                    .andReply(successOf("REJECT_ORDER"))
                    .andReply(successOf("NOTIFY_REJECTED"))
                    .expectState(REJECTED);
        }

        @Test
        void pivotTimedOutCountsAsFailedBecauseThePivotWasNotPassed() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .andDeadlineExpiresTimes(2)
                    .whenDeadlineExpires()
                    .expectCommands("CancelShipment")
                    .expectState(COMPENSATING)
                    .expectTimelineEndsWith(SagaEventKind.DEADLINE_EXPIRED, SagaEventKind.STEP_FAILED,
                            SagaEventKind.STATE_CHANGED, SagaEventKind.COMMAND_SENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SETTLE_INVENTORY", "CAPTURE_PAYMENT", "APPROVE_ORDER", "NOTIFY_CONFIRMED"})
        void aStepAfterThePivotThatNeverAnswersLeavesTheSagaStuck(String step) {
            SagaScenario scenario = givenSagaAwaiting(step)
                    .andDeadlineExpiresTimes(2)
                    .whenDeadlineExpires()
                    .expectNoCommand()
                    .expectState(STUCK)
                    .expectTimelineEndsWith(SagaEventKind.DEADLINE_EXPIRED, SagaEventKind.STATE_CHANGED);
            assertThat(scenario.saga().getPendingDeadline()).as("no longer watched").isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"VOID_PAYMENT", "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED"})
        void aCompensationThatNeverAnswersFailsTheCompensation(String compensation) {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .when(reply("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS"))
                    .andRepliesSucceedUntil(compensation)
                    .andDeadlineExpiresTimes(2)
                    .whenDeadlineExpires()
                    .expectNoCommand()
                    .expectState(COMPENSATION_FAILED);
        }

        @Test
        void aLateReplyResumesAStuckSaga() {
            givenSagaAwaiting("APPROVE_ORDER")
                    .andDeadlineExpiresTimes(3)
                    .expectState(STUCK)
                    .when(successOf("APPROVE_ORDER"))
                    .expectCommands("SendNotification")
                    .expectState(RUNNING);
        }

        @Test
        void aLateReplyResumesAFailedCompensation() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(reply("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT"))
                    .andDeadlineExpiresTimes(3)
                    .expectState(COMPENSATION_FAILED)
                    .when(successOf("RELEASE_INVENTORY"))
                    .expectCommands("RejectOrder")
                    .expectState(COMPENSATING);
        }
    }

    /** Defect 1: a pivot that got no answer may still have scheduled the shipment; a rejected order keeps none. */
    @Nested
    class ThePivotsOutcomeUnknown {

        @Test
        void pivotTimedOutCancelsTheShipmentBeforeVoidingAndReleasing() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .andDeadlineExpiresTimes(3)
                    .expectCommand(FULFILLMENT_COMMANDS, "CancelShipment", Map.of())
                    .expectState(COMPENSATING)
                    .andReply(successOf("CANCEL_SHIPMENT"))
                    .expectCommand(PAYMENT_COMMANDS, "VoidPayment", Map.of())
                    .andReply(successOf("VOID_PAYMENT"))
                    .expectCommand(INVENTORY_COMMANDS, "ReleaseInventory", Map.of())
                    .andReply(successOf("RELEASE_INVENTORY"))
                    .expectCommand(ORDER_COMMANDS, "RejectOrder", Map.of("reason", "SCHEDULE_SHIPMENT_TIMED_OUT"))
                    .andReply(successOf("REJECT_ORDER"))
                    .andReply(successOf("NOTIFY_REJECTED"))
                    .expectState(REJECTED);
        }

        @Test
        void aLateShipmentScheduledDuringTheCancellationIsIgnoredAndTheCancelStillAwaited() {
            SagaScenario scenario = givenSagaAwaiting("SCHEDULE_SHIPMENT");
            UUID scheduleCommand = scenario.saga().getPendingCommandId();
            scenario.andDeadlineExpiresTimes(3)
                    .whenReplyTo(scheduleCommand, successOf("SCHEDULE_SHIPMENT"))
                    .expectNoCommand()
                    .expectState(COMPENSATING)
                    .expectAwaiting("CANCEL_SHIPMENT");
        }

        @Test
        void aCancellationThatNeverAnswersFailsTheCompensation() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .andDeadlineExpiresTimes(3)
                    .expectAwaiting("CANCEL_SHIPMENT")
                    .andDeadlineExpiresTimes(3)
                    .expectState(COMPENSATION_FAILED);
        }

        @Test
        void aShipmentRejectedHasNothingToCancel() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .when(reply("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS"))
                    .expectCommands("VoidPayment");
        }

        @Test
        void thePlanOfATimedOutPivotStartsWithTheCancellation() {
            assertThat(PlaceOrderSaga.compensationPlan("SCHEDULE_SHIPMENT", true)).extracting(SagaStep::name)
                    .containsExactly("CANCEL_SHIPMENT", "VOID_PAYMENT", "RELEASE_INVENTORY", "REJECT_ORDER",
                            "NOTIFY_REJECTED");
        }
    }

    @Nested
    class RepliesThatAreNotForThePendingCommand {

        @Test
        void aDuplicateOfAnAnsweredReplyIsRecordedAndIgnored() {
            SagaScenario scenario = givenSagaAwaiting("RESERVE_INVENTORY");
            UUID reserveCommand = scenario.saga().getPendingCommandId();
            scenario.when(successOf("RESERVE_INVENTORY"))
                    .whenReplyTo(reserveCommand, successOf("RESERVE_INVENTORY"))
                    .expectNoCommand()
                    .expectState(RUNNING)
                    .expectAwaiting("AUTHORIZE_PAYMENT")
                    .expectTimelineEndsWith(SagaEventKind.REPLY_IGNORED);
        }

        @Test
        void aLateSuccessAfterTheStepTimedOutDoesNotResumeTheForwardPath() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT");
            UUID authorizeCommand = scenario.saga().getPendingCommandId();
            scenario.andDeadlineExpiresTimes(3)
                    .whenReplyTo(authorizeCommand, successOf("AUTHORIZE_PAYMENT"))
                    .expectNoCommand()
                    .expectState(COMPENSATING)
                    .expectAwaiting("VOID_PAYMENT");
        }

        @Test
        void aReplyOfAnotherStepsTypeIsIgnored() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(successOf("SCHEDULE_SHIPMENT"))
                    .expectNoCommand()
                    .expectAwaiting("AUTHORIZE_PAYMENT")
                    .expectTimelineEndsWith(SagaEventKind.REPLY_IGNORED);
        }

        @Test
        void aReleaseReplyWhileSettlingIsIgnored() {
            givenSagaAwaiting("SETTLE_INVENTORY")
                    .when(successOf("RELEASE_INVENTORY"))
                    .expectNoCommand()
                    .expectState(RUNNING)
                    .expectAwaiting("SETTLE_INVENTORY")
                    .expectTimelineEndsWith(SagaEventKind.REPLY_IGNORED);
        }

        @Test
        void aFailureReplyAfterThePivotIsIgnored() {
            givenSagaAwaiting("CAPTURE_PAYMENT")
                    .when(reply("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT"))
                    .expectNoCommand()
                    .expectState(RUNNING)
                    .expectAwaiting("CAPTURE_PAYMENT");
        }

        @Test
        void aReplyToAFinishedSagaIsIgnored() {
            SagaScenario scenario = givenSagaAwaiting("NOTIFY_CONFIRMED");
            UUID notifyCommand = scenario.saga().getPendingCommandId();
            scenario.when(successOf("NOTIFY_CONFIRMED"))
                    .whenReplyTo(notifyCommand, successOf("NOTIFY_CONFIRMED"))
                    .expectNoCommand()
                    .expectState(COMPLETED);
        }
    }

    @Test
    void theTimelineNumbersEveryEntryInOrder() {
        SagaScenario scenario = givenSagaAwaiting("SCHEDULE_SHIPMENT")
                .whenDeadlineExpires()
                .when(successOf("SCHEDULE_SHIPMENT"));
        List<SagaEvent> timeline = scenario.timeline();
        assertThat(timeline).extracting(SagaEvent::seq)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, timeline.size()).boxed().toList());
        assertThat(timeline).filteredOn(event -> event.kind() == SagaEventKind.COMMAND_RESENT)
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.step()).isEqualTo("SCHEDULE_SHIPMENT");
                    assertThat(event.attempt()).isEqualTo(2);
                });
    }

    @Test
    void theCompensationPlanUndoesCompletedStepsInReverseThenRejects() {
        assertThat(PlaceOrderSaga.compensationPlan("SCHEDULE_SHIPMENT", false)).extracting(SagaStep::name)
                .containsExactly("VOID_PAYMENT", "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(PlaceOrderSaga.compensationPlan("AUTHORIZE_PAYMENT", false)).extracting(SagaStep::name)
                .containsExactly("RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
        assertThat(PlaceOrderSaga.compensationPlan("AUTHORIZE_PAYMENT", true)).extracting(SagaStep::name)
                .containsExactly("VOID_PAYMENT", "RELEASE_INVENTORY", "REJECT_ORDER", "NOTIFY_REJECTED");
    }

    @Test
    void backoffIsCappedAtTheMaximumTimeout() {
        DeadlinePolicy policy = new DeadlinePolicy(Duration.ofSeconds(5), Map.of("APPROVE_ORDER",
                Duration.ofSeconds(1)), 3.0, Duration.ofSeconds(30), 5);
        assertThat(policy.timeoutFor("RESERVE_INVENTORY", 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.timeoutFor("RESERVE_INVENTORY", 2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.timeoutFor("RESERVE_INVENTORY", 3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.timeoutFor("APPROVE_ORDER", 2)).isEqualTo(Duration.ofSeconds(3));
    }
}
