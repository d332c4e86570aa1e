package org.ordersaga.bench.compare;

import java.util.List;
import java.util.Map;

import org.ordersaga.bench.CpuPerOrder;
import org.ordersaga.bench.LatencyHistogram;

/** The figures of one scenario in one mode (also the shape of report.json). */
public record RunResult(String scenario, String scenarioTitle, String mode, int rate, double loadSeconds,
        double faultStartSeconds, double faultEndSeconds, int offered, int accepted, double acceptedPercent,
        int completed, double completedPercent, int approved, int rejected, int rejectedUnexpectedly,
        int inconsistent, List<InvariantChecker.Violation> violations, Latency acceptLatencyMs,
        Latency completionLatencyMs, long paymentCalls, double paymentCallsPerOrder, int clientErrors,
        Map<String, Integer> clientErrorsByKind, Health orderServiceHealth, CpuPerOrder cpuPerOrder,
        FaultRecovery recovery, List<Point> timeline) {

    /** Percentiles of a latency histogram in milliseconds; NaN when there is no sample. */
    public record Latency(long count, double p50, double p95, double p99) {
        static Latency of(LatencyHistogram histogram) {
            return new Latency(histogram.count(), histogram.percentileMs(50), histogram.percentileMs(95),
                    histogram.percentileMs(99));
        }
    }

    /** order-service's readiness sampled every half second during the load, and within the fault window. */
    public record Health(int samples, double readyPercent, int samplesInFaultWindow, double readyPercentInFaultWindow) {
    }

    /**
     * After a fault: when the faulted part was back (seconds into the run; null if it never was during the run), the
     * completion p99 of the orders done before the fault and the bound a window's p99 must stay within to count as
     * normal, how long after the part was back the p99 of every later window of the load stayed within it (null: not
     * within the load), and the orders due from the fault's start on that failed or completed beyond the bound.
     */
    public record FaultRecovery(Double backSeconds, double normalP99Ms, double boundMs, Double normalAfterSeconds,
            int affectedOrders) {
    }

    /**
     * One offered order: when it was sent (seconds into the run), its completion latency (ms; null when it did not
     * complete), and its outcome: APPROVED, REJECTED, PENDING, or the client-visible error.
     */
    public record Point(double sentSeconds, Double completionMs, String outcome) {
    }
}
