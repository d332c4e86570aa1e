package org.ordersaga.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * A rollout setting an operator changed at run time, with who changed it, when and why. Kept in order_db rather than
 * in memory so that every replica applies the same share and a restart does not fall back to the configured one.
 */
@Entity
@Table(name = "rollout_setting")
public class RolloutSetting {

    /** The row holding the saga share. */
    public static final String SAGA_SHARE = "saga-share";

    @Id
    private String name;

    @Column(name = "saga_share_percent", nullable = false)
    private int sagaSharePercent;

    @Column(name = "changed_by", nullable = false)
    private String changedBy;

    @Column(nullable = false)
    private String reason;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected RolloutSetting() {
    }

    public static RolloutSetting sagaShare(SagaShare share, String changedBy, String reason, Instant changedAt) {
        RolloutSetting setting = new RolloutSetting();
        setting.name = SAGA_SHARE;
        setting.sagaSharePercent = share.percent();
        setting.changedBy = Objects.requireNonNull(changedBy);
        setting.reason = Objects.requireNonNull(reason);
        setting.changedAt = Objects.requireNonNull(changedAt);
        return setting;
    }

    public String getName() {
        return name;
    }

    public SagaShare sagaShare() {
        return new SagaShare(sagaSharePercent);
    }

    public String getChangedBy() {
        return changedBy;
    }

    public String getReason() {
        return reason;
    }

    public Instant getChangedAt() {
        return changedAt;
    }
}
