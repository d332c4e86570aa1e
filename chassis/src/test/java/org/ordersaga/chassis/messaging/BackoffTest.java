package org.ordersaga.chassis.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsByItsMultiplierUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::delay).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(backoff.delay(10_000)).as("no overflow after a long outage").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesACapBelowItsStartOrAShrinkingWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
