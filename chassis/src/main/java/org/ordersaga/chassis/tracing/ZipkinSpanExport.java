package org.ordersaga.chassis.tracing;

import java.util.List;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Sends spans to a local Zipkin server. Quarkus OpenTelemetry's default traces exporter ({@code cdi}) combines every
 * {@link SpanExporter} bean, so producing one is all it takes; without an endpoint it exports nothing.
 */
public class ZipkinSpanExport {

    @Produces
    @Singleton
    @Unremovable
    SpanExporter zipkinSpanExporter(ZipkinConfig config) {
        return config.endpoint()
                .<SpanExporter> map(endpoint -> ZipkinSpanExporter.builder().setEndpoint(endpoint).build())
                .orElseGet(() -> SpanExporter.composite(List.of()));
    }
}
