package org.ordersaga.orchestrator.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule that decides whether the last reading of the participants' queues may still hold a deadline. */
class RecentReadingTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(5);
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(1);
    private static final Instant TAKEN = Instant.parse("2026-01-01T10:00:00Z");

    private final RecentReading<String> reading = new RecentReading<>(STALE_AFTER, REFRESH_EVERY);

    @Test
    void noReadingHoldsNothing() {
        assertThat(reading.at(TAKEN)).isEmpty();
    }

    @Test
    void aFailedRefreshRightAfterAGoodOneKeepsIt() {
        reading.taken("good", TAKEN);

        assertThat(reading.failed()).as("first failure since the good reading").isTrue();

        // the CI run that re-sent a queued command did so 1.04 s after the send
        assertThat(reading.at(TAKEN.plusMillis(1040))).contains("good");
    }

    @Test
    void aReadingAsOldAsTheBoundHoldsNothingWhetherRefreshesFailedOrNeverCame() {
        reading.taken("good", TAKEN);
        assertThat(reading.at(TAKEN.plus(STALE_AFTER).minusMillis(1))).contains("good");
        assertThat(reading.at(TAKEN.plus(STALE_AFTER))).isEmpty();

        reading.failed();
        assertThat(reading.at(TAKEN.plus(STALE_AFTER).plusSeconds(60))).isEmpty();
    }

    @Test
    void aNewReadingReplacesTheLastAndCountsFromItsOwnStart() {
        reading.taken("old", TAKEN);
        Instant later = TAKEN.plusSeconds(4);
        reading.taken("new", later);

        assertThat(reading.at(TAKEN.plus(STALE_AFTER))).contains("new");
        assertThat(reading.at(later.plus(STALE_AFTER))).isEmpty();
    }

    @Test
    void onlyTheFirstOfSeveralFailuresIsWorthAWarning() {
        reading.taken("good", TAKEN);
        assertThat(reading.failed()).isTrue();
        assertThat(reading.failed()).isFalse();

        reading.taken("good again", TAKEN.plusSeconds(3));
        assertThat(reading.failed()).isTrue();
    }

    @Test
    void aBoundNoLongerThanTheRefreshIntervalIsRefused() {
        assertThatThrownBy(() -> new RecentReading<String>(REFRESH_EVERY, REFRESH_EVERY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stale-after");
        assertThatThrownBy(() -> new RecentReading<String>(Duration.ofMillis(500), REFRESH_EVERY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RecentReading<String>(REFRESH_EVERY.plusMillis(1), REFRESH_EVERY).at(TAKEN)).isEmpty();
    }
}
