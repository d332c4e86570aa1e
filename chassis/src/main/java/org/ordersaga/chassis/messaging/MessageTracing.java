package org.ordersaga.chassis.messaging;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.TracingMetadata;

/** Makes the consumer span that SmallRye started from the record's {@code traceparent} current on this thread. */
public final class MessageTracing {

    private MessageTracing() {
    }

    public static Scope continueTrace(Message<?> message) {
        return TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElseGet(Context::current)
                .makeCurrent();
    }
}
