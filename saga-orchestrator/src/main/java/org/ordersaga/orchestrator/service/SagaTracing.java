package org.ordersaga.orchestrator.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.chassis.tracing.TraceJoin;
import org.ordersaga.orchestrator.domain.Saga;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Keeps work the orchestrator starts on its own (deadline re-sends, reconciled sagas) in the saga's trace, so one trace ID still covers
 * the whole order.
 */
@ApplicationScoped
public class SagaTracing {

    private final Tracer tracer;

    public SagaTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    public static String currentTraceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    public <T> T inSagaTrace(Saga saga, String spanName, Supplier<T> work) {
        return inTrace(saga.getTraceId(), saga.getId(), spanName, work);
    }

    /**
     * Runs {@code work} in a new span of trace {@code traceId} (a new trace when null). Only the trace ID is known; a
     * span ID derived from {@code parentSeed} (the saga or order ID) stands in for the parent ({@link TraceJoin}).
     */
    public <T> T inTrace(String traceId, UUID parentSeed, String spanName, Supplier<T> work) {
        Span span = tracer.spanBuilder(spanName).setParent(TraceJoin.parentIn(traceId, parentSeed)).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
