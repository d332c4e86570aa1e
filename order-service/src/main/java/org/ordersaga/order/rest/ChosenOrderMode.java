package org.ordersaga.order.rest;

import java.util.Optional;

import org.jboss.logging.MDC;
import org.ordersaga.order.service.ModeChoice;

import jakarta.enterprise.context.RequestScoped;

/**
 * The mode this request's order runs in, from the moment it is chosen: on every log line of the request (MDC key
 * {@code orderMode}) and, through {@link OrderModeReporting}, on the answer and in the metrics.
 */
@RequestScoped
public class ChosenOrderMode {

    static final String LOG_KEY = "orderMode";

    private ModeChoice choice;

    void record(ModeChoice choice) {
        this.choice = choice;
        MDC.put(LOG_KEY, choice.modeId());
    }

    Optional<ModeChoice> get() {
        return Optional.ofNullable(choice);
    }
}
