package org.ordersaga.orchestrator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SagaRepository {

    private final EntityManager entityManager;

    public SagaRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void add(Saga saga) {
        entityManager.persist(saga);
        appendNewEvents(saga);
    }

    /**
     * Writes the saga's change, then its new timeline entries. The versioned update goes first so that a replica that
     * lost the race fails on the saga row (optimistic lock, retried) before it holds any timeline key another
     * transaction may be waiting for.
     */
    public void update(Saga saga) {
        entityManager.flush();
        appendNewEvents(saga);
    }

    private void appendNewEvents(Saga saga) {
        for (SagaEvent event : saga.drainNewEvents()) {
            entityManager.persist(new SagaTimelineEntry(saga.getId(), event));
        }
    }

    public Optional<Saga> find(UUID id) {
        return Optional.ofNullable(entityManager.find(Saga.class, id));
    }

    public Optional<Saga> findByOrderId(String orderId) {
        return entityManager.createQuery("from Saga where orderId = :orderId", Saga.class)
                .setParameter("orderId", orderId)
                .getResultStream().findFirst();
    }

    public List<Saga> findByTraceId(String traceId) {
        return entityManager.createQuery("from Saga where traceId = :traceId order by createdAt", Saga.class)
                .setParameter("traceId", traceId)
                .getResultList();
    }

    public List<SagaEvent> timeline(UUID sagaId) {
        return entityManager.createQuery("from SagaTimelineEntry where sagaId = :sagaId order by seq",
                        SagaTimelineEntry.class)
                .setParameter("sagaId", sagaId)
                .getResultStream().map(SagaTimelineEntry::toEvent).toList();
    }

    /**
     * Locks up to {@code limit} sagas whose reply deadline has passed. Rows locked by another replica are skipped,
     * so two replicas never handle the same expiry; the locks are held until the caller's transaction ends.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> claimExpiredDeadlines(Instant now, int limit) {
        return entityManager.createNativeQuery("""
                        select id from saga
                        where pending_deadline <= :now and state in ('RUNNING', 'COMPENSATING')
                        order by pending_deadline
                        limit :limit
                        for update skip locked""", UUID.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }
}
