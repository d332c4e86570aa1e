package org.ordersaga.orchestrator.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DeadLetterRepository {

    private final EntityManager entityManager;

    public DeadLetterRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Stores a dead letter unless the one read at the same dead-letter position is already stored. */
    public boolean addOnce(DeadLetter letter, DeadLetter.Position readAt) {
        boolean known = !entityManager.createQuery("""
                        select d.id from DeadLetter d where d.deadLetterTopic = :topic
                        and d.deadLetterPartition = :partition and d.deadLetterOffset = :offset""", Long.class)
                .setParameter("topic", readAt.topic())
                .setParameter("partition", readAt.partition())
                .setParameter("offset", readAt.offset())
                .getResultList().isEmpty();
        if (!known) {
            entityManager.persist(letter);
        }
        return !known;
    }

    /** The dead letter, locked until the transaction ends: two operators cannot replay it at the same time. */
    public Optional<DeadLetter> findForUpdate(long id) {
        return Optional.ofNullable(entityManager.find(DeadLetter.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Newest first. */
    public List<DeadLetter> page(int page, int size) {
        return entityManager.createQuery("from DeadLetter order by failedAt desc, id desc", DeadLetter.class)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList();
    }

    public long count() {
        return entityManager.createQuery("select count(d) from DeadLetter d", Long.class).getSingleResult();
    }
}
