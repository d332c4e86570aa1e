package org.ordersaga.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Latencies counted in an HdrHistogram instead of kept one by one: microsecond resolution, three significant digits
 * (a percentile is at most 0.1 % above the true value), read in milliseconds. Percentiles are nearest-rank.
 */
public final class LatencyHistogram {
    // Auto-resizing: no upper bound to guess; a stuck order's minutes fit as well as a fast hop's microseconds.
    private final Histogram micros = new Histogram(3);

    /**
     * Records one latency. A negative one counts as 0: the CDC probe notes a commit when the driver returns, and the
     * relay can deliver the row to the consumer before that.
     */
    public void recordNanos(long nanos) {
        micros.recordValue(Math.max(0, nanos / 1_000));
    }

    public long count() {
        return micros.getTotalCount();
    }

    /** The latency at {@code percentile} (0 to 100) in milliseconds; NaN when nothing was recorded. */
    public double percentileMs(double percentile) {
        return count() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1_000.0;
    }

    String summary() {
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", count(),
                percentileMs(50), percentileMs(90), percentileMs(99), percentileMs(100));
    }
}
