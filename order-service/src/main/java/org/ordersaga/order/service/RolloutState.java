package org.ordersaga.order.service;

import java.time.Instant;

import org.ordersaga.order.domain.RolloutSetting;
import org.ordersaga.order.domain.SagaShare;

/** The saga share in force and where it comes from; who, why and when only for an operator's. */
public record RolloutState(SagaShare share, Source source, String changedBy, String reason, Instant changedAt) {

    public enum Source {
        /** {@code ordersaga.order.rollout.saga-share-percent}, else {@code ordersaga.order.default-mode}. */
        CONFIG,
        /** Set at run time through {@code PUT /admin/rollout}. */
        OPERATOR
    }

    static RolloutState configured(SagaShare share) {
        return new RolloutState(share, Source.CONFIG, null, null, null);
    }

    static RolloutState of(RolloutSetting setting) {
        return new RolloutState(setting.sagaShare(), Source.OPERATOR, setting.getChangedBy(), setting.getReason(),
                setting.getChangedAt());
    }
}
