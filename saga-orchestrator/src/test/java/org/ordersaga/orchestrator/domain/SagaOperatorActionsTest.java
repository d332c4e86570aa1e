package org.ordersaga.orchestrator.domain;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import org.ordersaga.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordersaga.orchestrator.domain.SagaScenario.POLICY;
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

/** Operator retry and forced compensation: what the saga allows, what it sends, what it records. */
class SagaOperatorActionsTest {

    @Nested
    class Retry {

        @Test
        void aStuckSagaResendsTheSameCommandWithFreshDeadlinesAndRecordsWhoAndWhy() {
            SagaScenario scenario = givenSagaAwaiting("APPROVE_ORDER").andDeadlineExpiresTimes(3).expectState(STUCK);
            SagaCommand parked = scenario.saga().pendingCommand();

            scenario.whenOperatorRetries("alice", "order-service is back")
                    .expectCommands("ApproveOrder")
                    .expectState(RUNNING)
                    .expectAwaiting("APPROVE_ORDER")
                    .expectTimelineEndsWith(SagaEventKind.OPERATOR_RETRY, SagaEventKind.STATE_CHANGED,
                            SagaEventKind.COMMAND_RESENT);
            assertThat(scenario.lastCommand().commandId()).as("same command id").isEqualTo(parked.commandId());
            assertThat(scenario.lastCommand().payload()).as("same payload").isEqualTo(parked.payload());
            assertThat(scenario.saga().getPendingAttempt()).as("attempts start again").isEqualTo(1);
            assertThat(scenario.saga().getPendingDeadline())
                    .isEqualTo(scenario.now().plus(POLICY.timeoutFor("APPROVE_ORDER", 1)));
            SagaEvent action = operatorEntry(scenario.timeline());
            assertThat(action.actor()).isEqualTo("alice");
            assertThat(action.detail()).isEqualTo("order-service is back");
            assertThat(action.step()).isEqualTo("APPROVE_ORDER");
        }

        @Test
        void aRetriedSagaCompletesOnTheReplyAndTimesTheStepFromTheRetry() {
            SagaScenario scenario = givenSagaAwaiting("NOTIFY_CONFIRMED").andDeadlineExpiresTimes(3)
                    .whenOperatorRetries("alice", "notification-service restarted")
                    .when(successOf("NOTIFY_CONFIRMED"))
                    .expectState(COMPLETED);
            SagaEvent replyEntry = scenario.timeline().stream()
                    .filter(e -> e.kind() == SagaEventKind.REPLY_RECEIVED).reduce((a, b) -> b).orElseThrow();
            assertThat(replyEntry.durationMs()).isEqualTo(20);
            assertThat(replyEntry.stepOutcome()).isEqualTo("succeeded");
        }

        @Test
        void theRetriedStepGetsItsWholeResendBudgetAgain() {
            givenSagaAwaiting("CAPTURE_PAYMENT").andDeadlineExpiresTimes(3)
                    .whenOperatorRetries("alice", "payment-service is back")
                    .andDeadlineExpiresTimes(2)
                    .expectState(RUNNING)
                    .whenDeadlineExpires()
                    .expectState(STUCK);
        }

        @Test
        void aFailedCompensationResendsTheCompensation() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(reply("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT"))
                    .andDeadlineExpiresTimes(3)
                    .expectState(COMPENSATION_FAILED)
                    .whenOperatorRetries("alice", "inventory-service is back")
                    .expectCommands("ReleaseInventory")
                    .expectState(COMPENSATING);
        }

        @Test
        void aRunningSagaIsLeftToTheDeadlineJob() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .whenOperatorRetries("alice", "impatient")
                    .expectRefused("only a STUCK or COMPENSATION_FAILED saga is retried")
                    .expectState(RUNNING);
        }

        @Test
        void aCompletedSagaIsRefused() {
            givenSagaAwaiting("NOTIFY_CONFIRMED").when(successOf("NOTIFY_CONFIRMED")).expectState(COMPLETED)
                    .whenOperatorRetries("alice", "again")
                    .expectRefused("final state")
                    .expectState(COMPLETED);
        }
    }

    @Nested
    class ForcedCompensation {

        @Test
        void aRunningStepBeforeThePivotIsUndoneToo() {
            SagaScenario scenario = givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .whenOperatorCompensates("bob", "payment provider down for hours")
                    .expectCommands("VoidPayment")
                    .expectState(COMPENSATING)
                    .expectTimelineEndsWith(SagaEventKind.OPERATOR_COMPENSATE, SagaEventKind.STEP_FAILED,
                            SagaEventKind.STATE_CHANGED, SagaEventKind.COMMAND_SENT);
            assertThat(scenario.saga().getData().getRejectionReason()).isEqualTo(Saga.OPERATOR_COMPENSATED);
            assertThat(operatorEntry(scenario.timeline()).actor()).isEqualTo("bob");
        }

        @Test
        void compensatingAtThePivotCancelsTheShipmentFirstInCaseItWasScheduled() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .whenOperatorCompensates("bob", "warehouse closed")
                    .expectCommand(Topics.FULFILLMENT_COMMANDS, "CancelShipment", java.util.Map.of())
                    .expectState(COMPENSATING)
                    .andReply(successOf("CANCEL_SHIPMENT"))
                    .expectCommands("VoidPayment");
        }

        @Test
        void theCompensationEndsWithTheOrderRejected() {
            SagaScenario scenario = givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .whenOperatorCompensates("bob", "warehouse closed")
                    .andRepliesSucceedUntil("REJECT_ORDER")
                    .expectCommand(Topics.ORDER_COMMANDS, "RejectOrder",
                            java.util.Map.of("reason", Saga.OPERATOR_COMPENSATED));
            scenario.when(successOf("REJECT_ORDER")).when(successOf("NOTIFY_REJECTED")).expectState(REJECTED);
            assertThat(scenario.allCommands()).extracting(SagaCommand::type).containsSubsequence(
                    "CancelShipment", "VoidPayment", "ReleaseInventory", "RejectOrder", "SendNotification");
        }

        @Test
        void aFailedCompensationIsSentAgain() {
            givenSagaAwaiting("SCHEDULE_SHIPMENT")
                    .when(reply("ShipmentRejected", "reason", "UNDELIVERABLE_ADDRESS"))
                    .andDeadlineExpiresTimes(3)
                    .expectState(COMPENSATION_FAILED)
                    .whenOperatorCompensates("bob", "payment-service is back")
                    .expectCommands("VoidPayment")
                    .expectState(COMPENSATING);
        }

        @Test
        void aStuckSagaIsPastThePivotAndIsRefused() {
            givenSagaAwaiting("APPROVE_ORDER").andDeadlineExpiresTimes(3)
                    .whenOperatorCompensates("bob", "give up")
                    .expectRefused("past the pivot nothing is compensated")
                    .expectState(STUCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SETTLE_INVENTORY", "CAPTURE_PAYMENT"})
        void aRunningSagaPastThePivotIsRefused(String step) {
            givenSagaAwaiting(step)
                    .whenOperatorCompensates("bob", "give up")
                    .expectRefused("past the pivot")
                    .expectState(RUNNING);
        }

        @Test
        void aCompensatingSagaIsRefused() {
            givenSagaAwaiting("AUTHORIZE_PAYMENT")
                    .when(reply("PaymentDeclined", "reason", "INSUFFICIENT_CREDIT"))
                    .whenOperatorCompensates("bob", "twice")
                    .expectRefused("compensating already")
                    .expectState(COMPENSATING);
        }

        @Test
        void aRejectedSagaIsRefused() {
            givenSagaAwaiting("RESERVE_INVENTORY")
                    .when(reply("InventoryRejected", "reason", "OUT_OF_STOCK"))
                    .andRepliesSucceedUntil("NOTIFY_REJECTED")
                    .when(successOf("NOTIFY_REJECTED"))
                    .expectState(REJECTED)
                    .whenOperatorCompensates("bob", "again")
                    .expectRefused("final state")
                    .expectState(REJECTED);
        }
    }

    @Test
    void eachSendCarriesItsDeadlineAndEachReplyTheStepDuration() {
        List<SagaEvent> timeline = givenNewSaga().when(successOf("RESERVE_INVENTORY")).timeline();
        SagaEvent sent = timeline.stream().filter(e -> e.kind() == SagaEventKind.COMMAND_SENT).findFirst()
                .orElseThrow();
        assertThat(Duration.between(sent.at(), sent.deadline())).isEqualTo(POLICY.timeoutFor("RESERVE_INVENTORY", 1));
        SagaEvent replied = timeline.stream().filter(e -> e.kind() == SagaEventKind.REPLY_RECEIVED).findFirst()
                .orElseThrow();
        assertThat(replied.durationMs()).isEqualTo(20);
    }

    private static SagaEvent operatorEntry(List<SagaEvent> timeline) {
        return timeline.stream().filter(e -> e.actor() != null).reduce((a, b) -> b).orElseThrow();
    }
}
