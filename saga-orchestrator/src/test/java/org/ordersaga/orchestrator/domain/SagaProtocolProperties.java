package org.ordersaga.orchestrator.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.Authorization;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.OrderStatus;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.Outcome;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.Reservation;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.Shipment;
import org.ordersaga.orchestrator.domain.SagaProtocolWorld.Topic;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the PlaceOrder saga protocol: the real {@link Saga} against models of the participants
 * ({@link SagaProtocolWorld}), through random interleavings of what the real system allows — replies of every
 * outcome, late and duplicated replies, deadline expiries and re-sends, a participant reading a command twice or
 * after its compensation, dead letters replayed, redelivery after a crash, operator retry and compensate. Once every
 * record still on its way is delivered, the order's effects must agree with the saga's end. A failure shrinks to the
 * shortest run that breaks an invariant, printed as the story of that run.
 */
class SagaProtocolProperties {

    private static final Set<SagaState> ENDS = Set.of(SagaState.COMPLETED, SagaState.REJECTED, SagaState.STUCK,
            SagaState.COMPENSATION_FAILED);

    // Default (bounded) shrinking: a counterexample shrinks within seconds to a run of a dozen or so steps.
    @Property(tries = 2000)
    void everySagaEndsWithEffectsThatMatchItsOutcome(@ForAll("runs") ActionChain<SagaProtocolWorld> run) {
        SagaProtocolWorld world = run.withInvariant("effects happen at most once", SagaProtocolProperties::atMostOnce)
                .run();
        world.deliverEverything();
        assertEndAgrees(world);
    }

    @Provide
    Arbitrary<ActionChain<SagaProtocolWorld>> runs() {
        return ActionChain.startWith(SagaProtocolWorld::new)
                .withAction(8, deliver())
                .withAction(3, deadlineExpires())
                .withAction(1, redeliverAfterCrash())
                .withAction(1, deadLetter())
                .withAction(1, replayDeadLetter())
                .withAction(1, operatorRetries())
                .withAction(1, operatorCompensates())
                .withMaxTransformations(40);
    }

    private static Action<SagaProtocolWorld> deliver() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SagaProtocolWorld world) {
                return !world.topicsWithQueued().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<SagaProtocolWorld>> transformer(SagaProtocolWorld world) {
                return Combinators.combine(Arbitraries.of(world.topicsWithQueued()), Arbitraries.of(Outcome.values()))
                        .as((topic, outcome) -> Transformer.mutate(
                                "deliver next on " + topic + (topic == Topic.REPLIES ? "" : " (" + outcome + ")"),
                                w -> w.deliverNext(topic, outcome)));
            }
        };
    }

    private static Action<SagaProtocolWorld> redeliverAfterCrash() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SagaProtocolWorld world) {
                return !world.topicsWithHandled().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<SagaProtocolWorld>> transformer(SagaProtocolWorld world) {
                return Combinators.combine(Arbitraries.of(world.topicsWithHandled()),
                                Arbitraries.integers().between(0, 20))
                        .as((topic, index) -> Transformer.mutate(
                                "crash: redeliver a handled record of " + topic, w -> w.redeliver(topic, index)));
            }
        };
    }

    private static Action<SagaProtocolWorld> deadLetter() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SagaProtocolWorld world) {
                return !world.topicsWithQueued().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<SagaProtocolWorld>> transformer(SagaProtocolWorld world) {
                return Arbitraries.of(world.topicsWithQueued()).map(topic -> Transformer.mutate(
                        "dead-letter next on " + topic, w -> w.deadLetterNext(topic)));
            }
        };
    }

    private static Action<SagaProtocolWorld> replayDeadLetter() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SagaProtocolWorld world) {
                return world.hasDeadLetters();
            }

            @Override
            public Arbitrary<Transformer<SagaProtocolWorld>> transformer(SagaProtocolWorld world) {
                return Arbitraries.integers().between(0, 5).map(index -> Transformer.mutate(
                        "replay a dead letter", w -> w.replayDeadLetter(index)));
            }
        };
    }

    private static Action<SagaProtocolWorld> deadlineExpires() {
        return Action.<SagaProtocolWorld>when(world -> world.saga().getState().isActive()
                        && world.saga().getPendingDeadline() != null)
                .just(Transformer.mutate("deadline expires", SagaProtocolWorld::deadlineExpires));
    }

    private static Action<SagaProtocolWorld> operatorRetries() {
        return Action.<SagaProtocolWorld>when(world -> world.saga().getState() == SagaState.STUCK
                        || world.saga().getState() == SagaState.COMPENSATION_FAILED)
                .just(Transformer.mutate("operator retries", SagaProtocolWorld::operatorRetries));
    }

    private static Action<SagaProtocolWorld> operatorCompensates() {
        return Action.<SagaProtocolWorld>when(world -> world.saga().getState() == SagaState.RUNNING
                        || world.saga().getState() == SagaState.COMPENSATION_FAILED)
                .just(Transformer.mutate("operator compensates", SagaProtocolWorld::operatorCompensates));
    }

    private static void atMostOnce(SagaProtocolWorld world) {
        assertThat(world.captures).as("captures\n%s", world.story()).isLessThanOrEqualTo(1);
        assertThat(world.shipmentsScheduled).as("shipments scheduled\n%s", world.story()).isLessThanOrEqualTo(1);
        assertThat(world.contradictingDecisions).as("contradicting order decisions\n%s", world.story()).isZero();
    }

    private static void assertEndAgrees(SagaProtocolWorld world) {
        String story = "\n" + world + "\nstory of the run:\n" + world.story();
        SagaState end = world.saga().getState();
        assertThat(end).as("the saga is final or visibly parked" + story).isIn(ENDS);
        switch (end) {
            case REJECTED -> {
                assertThat(world.reservation).as("a rejected order's stock is released (or was never held)" + story)
                        .isIn(Reservation.NONE, Reservation.RELEASED);
                assertThat(world.authorization).as("a rejected order holds no authorization" + story)
                        .isIn(Authorization.NONE, Authorization.VOIDED);
                assertThat(world.shipment).as("a rejected order keeps no scheduled shipment" + story)
                        .isNotEqualTo(Shipment.SCHEDULED);
                assertThat(world.order).as("the order is rejected" + story).isEqualTo(OrderStatus.REJECTED);
                assertThat(world.notifications("ORDER_REJECTED")).as("the customer is told once" + story).isOne();
                assertThat(world.notifications("ORDER_CONFIRMED")).as("no confirmation" + story).isZero();
            }
            case COMPLETED -> {
                assertThat(world.captures).as("an approved order is captured once" + story).isOne();
                assertThat(world.authorization).as("its authorization is captured" + story)
                        .isEqualTo(Authorization.CAPTURED);
                assertThat(world.shipmentsScheduled).as("an approved order is shipped once" + story).isOne();
                assertThat(world.shipment).as("its shipment stands" + story).isEqualTo(Shipment.SCHEDULED);
                assertThat(world.reservation).as("its stock is settled, no longer held" + story)
                        .isEqualTo(Reservation.SETTLED);
                assertThat(world.order).as("the order is approved" + story).isEqualTo(OrderStatus.APPROVED);
                assertThat(world.notifications("ORDER_CONFIRMED")).as("one confirmation" + story).isOne();
                assertThat(world.notifications("ORDER_REJECTED")).as("no rejection notice" + story).isZero();
            }
            case STUCK -> {
                assertThat(world.shipment).as("a saga stuck past the pivot has its shipment" + story)
                        .isEqualTo(Shipment.SCHEDULED);
                assertThat(world.reservation).as("a saga stuck past the pivot keeps its stock" + story)
                        .isIn(Reservation.HELD, Reservation.SETTLED);
                assertThat(world.order).as("a stuck order is not rejected" + story)
                        .isNotEqualTo(OrderStatus.REJECTED);
            }
            case COMPENSATION_FAILED -> {
                assertThat(world.captures).as("a saga turning back captured nothing" + story).isZero();
                assertThat(world.reservation).as("a saga turning back settled no stock" + story)
                        .isNotEqualTo(Reservation.SETTLED);
                assertThat(world.order).as("an order being compensated is not approved" + story)
                        .isNotEqualTo(OrderStatus.APPROVED);
            }
            default -> throw new AssertionError("unexpected end " + end + story);
        }
    }
}
