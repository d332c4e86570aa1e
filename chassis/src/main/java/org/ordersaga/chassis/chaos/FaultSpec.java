package org.ordersaga.chassis.chaos;

import java.util.ArrayList;
import java.util.List;

import org.ordersaga.chassis.rest.Problem;

/**
 * The faults injected into one kind of handler (REST or messages): a fixed latency plus a random jitter (both in
 * milliseconds), the share of calls that fail, and whether the handler is unavailable altogether.
 */
public record FaultSpec(long latencyMs, long jitterMs, double errorRate, boolean unavailable) {

    public static final FaultSpec NONE = new FaultSpec(0, 0, 0.0, false);
    /** Longer delays would outlast every client timeout and the message handlers' transaction timeout. */
    public static final long MAX_DELAY_MS = 60_000;

    /** The invalid fields, each prefixed with {@code prefix} (e.g. {@code rest.}); empty when valid. */
    public List<Problem.FieldError> problems(String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (latencyMs < 0 || latencyMs > MAX_DELAY_MS) {
            errors.add(new Problem.FieldError(prefix + "latencyMs", "must be between 0 and " + MAX_DELAY_MS));
        }
        if (jitterMs < 0 || jitterMs > MAX_DELAY_MS) {
            errors.add(new Problem.FieldError(prefix + "jitterMs", "must be between 0 and " + MAX_DELAY_MS));
        }
        if (Double.isNaN(errorRate) || errorRate < 0 || errorRate > 1) {
            errors.add(new Problem.FieldError(prefix + "errorRate", "must be between 0.0 and 1.0"));
        }
        return errors;
    }
}
