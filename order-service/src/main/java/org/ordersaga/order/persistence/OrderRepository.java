package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.order.domain.Order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    /** Synchronous orders whose chain still owes steps and has made no progress since {@code before}, oldest first. */
    public List<Order> owingSyncStepsSince(Instant before, int limit) {
        return find("syncOwedSince < :before order by syncOwedSince", Parameters.with("before", before))
                .page(0, limit).list();
    }
}
