package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.order.config.OrderMode;
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

    /**
     * Orders of {@code mode} still PENDING that were placed before {@code placedBefore}, by ID after {@code after}
     * (null: from the first), at most {@code limit}: one page of a walk over all of them.
     */
    public List<Order> pendingPlacedBefore(OrderMode mode, Instant placedBefore, UUID after, int limit) {
        Parameters parameters = Parameters.with("pending", OrderStatus.PENDING).and("mode", mode)
                .and("before", placedBefore);
        if (after != null) {
            parameters.and("after", after);
        }
        return find("status = :pending and mode = :mode and placedAt < :before"
                + (after == null ? "" : " and id > :after") + " order by id", parameters).page(0, limit).list();
    }

    /** Synchronous orders whose chain still owes steps and has made no progress since {@code before}, oldest first. */
    public List<Order> owingSyncStepsSince(Instant before, int limit) {
        return find("syncOwedSince < :before order by syncOwedSince", Parameters.with("before", before))
                .page(0, limit).list();
    }
}
