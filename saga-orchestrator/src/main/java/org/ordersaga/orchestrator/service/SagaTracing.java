package org.ordersaga.orchestrator.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.orchestrator.domain.Saga;

import java.util.function.Supplier;

/**
 * Keeps work the orchestrator starts on its own (deadline re-sends) in the saga's trace, so one trace ID still covers
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
        Context parent = Context.root();
        if (saga.getTraceId() != null) {
            // The saga row keeps only the trace ID; a span ID derived from the saga ID stands in for the parent.
            String parentSpanId = saga.getId().toString().replace("-", "").substring(0, 16);
            SpanContext remote = SpanContext.createFromRemoteParent(saga.getTraceId(), parentSpanId,
                    TraceFlags.getSampled(), TraceState.getDefault());
            parent = parent.with(Span.wrap(remote));
        }
        Span span = tracer.spanBuilder(spanName).setParent(parent).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
