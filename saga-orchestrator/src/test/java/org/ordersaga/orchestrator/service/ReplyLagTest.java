package org.ordersaga.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ReplyLagTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReplyLag lag = new ReplyLag(registry);

    @Test
    void noReplyYetMeansNoLag() {
        assertThat(lag.current(T0)).isZero();
    }

    @Test
    void aReplyReadLateHoldsDeadlinesBackByItsAge() {
        lag.replyHandled(T0, T0.plusSeconds(8));

        assertThat(lag.current(T0.plusSeconds(8))).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void withoutNewRepliesTheLagRunsDownToZero() {
        lag.replyHandled(T0, T0.plusSeconds(8));

        assertThat(lag.current(T0.plusSeconds(11))).isEqualTo(Duration.ofSeconds(5));
        assertThat(lag.current(T0.plusSeconds(16))).isZero();
        assertThat(lag.current(T0.plusSeconds(60))).isZero();
    }

    @Test
    void theLatestReplyCountsSoACaughtUpConsumerStopsHoldingBack() {
        lag.replyHandled(T0, T0.plusSeconds(8));
        lag.replyHandled(T0.plusSeconds(9), T0.plusMillis(9_020));

        assertThat(lag.current(T0.plusMillis(9_020))).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aPublisherClockAheadOfOursIsNoLag() {
        lag.replyHandled(T0.plusSeconds(3), T0);

        assertThat(lag.current(T0)).isZero();
    }

    @Test
    void theGaugeShowsTheLagInSeconds() {
        lag.replyHandled(Instant.now().minusSeconds(30), Instant.now());

        assertThat(registry.get("saga.replies.lag").gauge().value()).isBetween(29.0, 30.5);
    }
}
