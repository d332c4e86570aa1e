package org.ordersaga.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, in the sample's unit. */
public final class Percentiles {
    private final double[] sorted;

    public Percentiles(double[] sample) {
        sorted = sample.clone();
        Arrays.sort(sorted);
    }

    public double at(double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public int count() {
        return sorted.length;
    }

    String summary(String unit) {
        return String.format("n=%d p50=%.1f%s p90=%.1f%s p99=%.1f%s max=%.1f%s", count(), at(50), unit, at(90), unit,
                at(99), unit, at(100), unit);
    }
}
