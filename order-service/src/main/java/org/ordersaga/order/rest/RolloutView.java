package org.ordersaga.order.rest;

import java.time.Instant;

import org.ordersaga.order.service.RolloutState;

/**
 * The saga share in force ({@code source} CONFIG or OPERATOR; who, when and why for an operator's) and the configured
 * one that {@code DELETE /admin/rollout} returns to.
 */
public record RolloutView(int sagaSharePercent, RolloutState.Source source, String changedBy, String reason,
        Instant changedAt, int configuredSagaSharePercent) {

    static RolloutView of(RolloutState state, int configuredPercent) {
        return new RolloutView(state.share().percent(), state.source(), state.changedBy(), state.reason(),
                state.changedAt(), configuredPercent);
    }
}
