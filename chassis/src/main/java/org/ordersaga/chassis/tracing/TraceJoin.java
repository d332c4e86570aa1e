package org.ordersaga.chassis.tracing;

import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * Puts work a service starts on its own (a re-sent command, a recovery round, a reconciled saga) into the trace of the
 * order it works on, so that one trace ID still covers the whole order. Only the trace ID is stored with the order;
 * the parent span ID is derived from the order's or saga's ID, so all such work of one order hangs under one parent.
 */
public final class TraceJoin {

    private TraceJoin() {
    }

    /** A parent context in trace {@code traceId}; the root context (a new trace) when there is none. */
    public static Context parentIn(String traceId, UUID seed) {
        if (traceId == null) {
            return Context.root();
        }
        String parentSpanId = seed.toString().replace("-", "").substring(0, 16);
        SpanContext remote = SpanContext.createFromRemoteParent(traceId, parentSpanId, TraceFlags.getSampled(),
                TraceState.getDefault());
        return remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
    }
}
