package org.ordersaga.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When latencies are normal again after a disturbance: the orders' latencies by due time in windows, each window's
 * p99 (an order that never completed makes its window's p99 infinite), and the first window from which on every
 * window stays within a bound.
 */
public final class Recovery {

    /** An order: when it was due (seconds into the run) and its latency in ms, null when it did not complete. */
    public record Sample(double dueSeconds, Double latencyMs) {
    }

    private Recovery() {
    }

    /** The p99 of each {@code windowSeconds} window of due times from {@code fromSeconds} up to {@code toSeconds}. */
    public static List<Double> windowP99s(List<Sample> samples, double fromSeconds, double toSeconds,
            double windowSeconds) {
        List<Double> p99s = new ArrayList<>();
        for (double from = fromSeconds; from + windowSeconds <= toSeconds + 1e-9; from += windowSeconds) {
            double since = from;
            List<Sample> in = samples.stream()
                    .filter(s -> s.dueSeconds() >= since && s.dueSeconds() < since + windowSeconds).toList();
            LatencyHistogram latency = new LatencyHistogram();
            in.stream().filter(s -> s.latencyMs() != null).forEach(s -> latency.recordNanos((long) (s.latencyMs() * 1e6)));
            p99s.add(latency.count() < in.size() ? Double.POSITIVE_INFINITY
                    : in.isEmpty() ? 0 : latency.percentileMs(99));
        }
        return p99s;
    }

    /** The first window from which on every window's p99 is within {@code bound}; the size when the last is not. */
    public static int firstNormalFromOn(List<Double> p99s, double bound) {
        int first = p99s.size();
        while (first > 0 && p99s.get(first - 1) <= bound) {
            first--;
        }
        return first;
    }
}
