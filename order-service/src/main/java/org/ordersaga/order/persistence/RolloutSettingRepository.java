package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.ordersaga.order.domain.RolloutSetting;

import java.util.Optional;

/** Each call is its own transaction: the rollout reads and writes its setting apart from any order's work. */
@ApplicationScoped
public class RolloutSettingRepository implements PanacheRepositoryBase<RolloutSetting, String> {

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RolloutSetting> sagaShare() {
        return findByIdOptional(RolloutSetting.SAGA_SHARE);
    }

    /** One statement, so two replicas changing a setting at once cannot collide on its first insert. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void save(RolloutSetting setting) {
        getEntityManager().createNativeQuery("""
                        insert into rollout_setting (name, saga_share_percent, changed_by, reason, changed_at)
                        values (:name, :percent, :changedBy, :reason, :changedAt)
                        on conflict (name) do update set saga_share_percent = excluded.saga_share_percent,
                            changed_by = excluded.changed_by, reason = excluded.reason, changed_at = excluded.changed_at
                        """)
                .setParameter("name", setting.getName())
                .setParameter("percent", setting.sagaShare().percent())
                .setParameter("changedBy", setting.getChangedBy())
                .setParameter("reason", setting.getReason())
                .setParameter("changedAt", setting.getChangedAt())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void clearSagaShare() {
        deleteById(RolloutSetting.SAGA_SHARE);
    }
}
