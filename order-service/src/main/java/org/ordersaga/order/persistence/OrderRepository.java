package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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

    /**
     * Claims, until {@code until}, the synchronous order that has been due for the recovery sweep the longest and
     * that no replica claims; empty when none is due. The row is locked while claimed ({@code FOR UPDATE SKIP LOCKED}),
     * so a replica claiming at the same moment takes the next order instead of waiting or taking this one. Within the
     * caller's transaction; the claim holds once it commits.
     */
    public Optional<SyncClaim> claimDueSyncOrder(Instant now, Instant until) {
        Instant claimedUntil = until.truncatedTo(ChronoUnit.MICROS); // as stored: the claim's token
        List<?> due = getEntityManager().createNativeQuery("""
                select id from orders
                where sync_due_at <= :now and (sync_claimed_until is null or sync_claimed_until <= :now)
                order by sync_due_at limit 1
                for update skip locked""")
                .setParameter("now", now).getResultList();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Object id = due.get(0);
        UUID orderId = id instanceof UUID uuid ? uuid : UUID.fromString(id.toString());
        getEntityManager().createNativeQuery("update orders set sync_claimed_until = :until where id = :id")
                .setParameter("until", claimedUntil).setParameter("id", orderId).executeUpdate();
        return Optional.of(new SyncClaim(orderId, claimedUntil));
    }

    /** Ends a claim, unless it expired and another replica claimed the order since. */
    public void releaseClaim(SyncClaim claim) {
        getEntityManager().createNativeQuery(
                "update orders set sync_claimed_until = null where id = :id and sync_claimed_until = :until")
                .setParameter("id", claim.orderId()).setParameter("until", claim.until()).executeUpdate();
    }

    /** A replica's claim on a synchronous order, identified by when it ends. */
    public record SyncClaim(UUID orderId, Instant until) {
    }
}
