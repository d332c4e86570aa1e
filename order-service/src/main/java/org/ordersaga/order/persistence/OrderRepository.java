package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    /**
     * Orders not decided yet (PENDING), of either mode. The status is a literal, not a parameter, so that PostgreSQL
     * can use the partial index of exactly those orders in every plan.
     */
    public long countUndecided() {
        return ((Number) getEntityManager().createNativeQuery(
                "select count(*) from orders where status = '" + OrderStatus.PENDING.name() + "'")
                .getSingleResult()).longValue();
    }

    /** Synchronous orders whose chain still owes steps and has made no progress since {@code before}, oldest first. */
    public List<Order> owingSyncStepsSince(Instant before, int limit) {
        return find("syncOwedSince < :before order by syncOwedSince", Parameters.with("before", before))
                .page(0, limit).list();
    }
}
