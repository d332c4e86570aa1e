package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static long millis(double ms) {
        return Math.round(ms * 1e6);
    }

    @Test
    void uniformDistributionGivesItsNearestRankPercentiles() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1000; ms >= 1; ms--) {
            histogram.recordNanos(millis(ms));
        }
        assertThat(histogram.count()).isEqualTo(1000);
        assertThat(histogram.percentileMs(50)).isCloseTo(500, withinPercentage(0.1));
        assertThat(histogram.percentileMs(90)).isCloseTo(900, withinPercentage(0.1));
        assertThat(histogram.percentileMs(99)).isCloseTo(990, withinPercentage(0.1));
        assertThat(histogram.percentileMs(100)).isCloseTo(1000, withinPercentage(0.1));
    }

    @Test
    void tailShowsOnlyAboveItsRank() {
        // 99 % at 10 ms, 1 % at two seconds: p99 is still 10 ms, p99.5 is the tail.
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            histogram.recordNanos(millis(10));
        }
        for (int i = 0; i < 10; i++) {
            histogram.recordNanos(millis(2000));
        }
        assertThat(histogram.percentileMs(99)).isCloseTo(10, withinPercentage(0.1));
        assertThat(histogram.percentileMs(99.5)).isCloseTo(2000, withinPercentage(0.1));
    }

    @Test
    void keepsSubMillisecondLatenciesAndMinutes() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(millis(0.25));
        histogram.recordNanos(millis(5 * 60_000));
        assertThat(histogram.percentileMs(50)).isCloseTo(0.25, withinPercentage(0.1));
        assertThat(histogram.percentileMs(100)).isCloseTo(5 * 60_000, withinPercentage(0.1));
    }

    @Test
    void emptyIsNaNAndNegativeCountsAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentileMs(99)).isNaN();
        histogram.recordNanos(-5_000);
        assertThat(histogram.count()).isEqualTo(1);
        assertThat(histogram.percentileMs(100)).isZero();
    }
}
