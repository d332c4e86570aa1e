package org.ordersaga.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ParticipantLagTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ParticipantLag lag = new ParticipantLag(registry);

    /** A payment command first sent at {@code sentAt} is answered at {@code at}; {@code ownLag} of the wait was ours. */
    private void answered(Instant sentAt, Instant at, Duration ownLag) {
        lag.commandAnswered("payment-commands", Duration.between(sentAt, at), at, ownLag);
    }

    @Test
    void aParticipantNeverHeardFromHasNoLag() {
        assertThat(lag.current("payment-commands", T0)).isZero();
    }

    @Test
    void aCommandAnsweredLateHoldsThatTopicsDeadlinesBackByItsWait() {
        answered(T0, T0.plusSeconds(8), Duration.ZERO);

        assertThat(lag.current("payment-commands", T0.plusSeconds(8))).isEqualTo(Duration.ofSeconds(8));
        assertThat(lag.current("inventory-commands", T0.plusSeconds(8))).isZero();
    }

    @Test
    void ourOwnLagIsNotCountedAgainstTheParticipant() {
        answered(T0, T0.plusSeconds(8), Duration.ofSeconds(6));

        assertThat(lag.current("payment-commands", T0.plusSeconds(8))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withoutNewRepliesTheLagRunsDownSoADownParticipantMeetsItsDeadlines() {
        answered(T0, T0.plusSeconds(8), Duration.ZERO);

        assertThat(lag.current("payment-commands", T0.plusSeconds(11))).isEqualTo(Duration.ofSeconds(5));
        assertThat(lag.current("payment-commands", T0.plusSeconds(16))).isZero();
    }

    @Test
    void theLatestAnswerCountsSoACaughtUpParticipantStopsHoldingBack() {
        answered(T0, T0.plusSeconds(8), Duration.ZERO);
        answered(T0.plusSeconds(9), T0.plusMillis(9_040), Duration.ZERO);

        assertThat(lag.current("payment-commands", T0.plusMillis(9_040))).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void eachTopicHasAGauge() {
        answered(T0, T0.plusSeconds(1), Duration.ZERO);
        answered(T0, T0.plusSeconds(2), Duration.ZERO);

        assertThat(registry.find("saga.participant.lag").tag("topic", "payment-commands").gauges()).hasSize(1);
    }
}
