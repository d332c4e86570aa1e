package org.ordersaga.order.rest;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Labels every order request with the mode it ran in, whatever its answer (202, 201, 200, 502, 422): the answer's
 * {@code X-Order-Mode} header, so a client sees which shape it got, and the counter
 * {@code order_requests_total{mode, chosen_by, status}}, so a dashboard sees both shapes side by side during a rollout.
 * A request refused before its mode was chosen (bad body, bad mode) carries neither.
 */
public class OrderModeReporting {

    private final ChosenOrderMode chosen;
    private final MeterRegistry registry;

    public OrderModeReporting(ChosenOrderMode chosen, MeterRegistry registry) {
        this.chosen = chosen;
        this.registry = registry;
    }

    @ServerResponseFilter
    public void label(ContainerResponseContext response) {
        chosen.get().ifPresent(choice -> {
            response.getHeaders().putSingle(OrderResource.MODE_HEADER, choice.modeId());
            Counter.builder("order.requests")
                    .description("POST /orders answers by the mode the order ran in, what chose it and the status")
                    .tag("mode", choice.modeId())
                    .tag("chosen.by", choice.chosenBy().id())
                    .tag("status", String.valueOf(response.getStatus()))
                    .register(registry).increment();
            MDC.remove(ChosenOrderMode.LOG_KEY);
        });
    }
}
