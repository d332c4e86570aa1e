package org.ordersaga.orchestrator.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaEventKind;
import org.ordersaga.orchestrator.domain.SagaState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SagaRepository {

    private final EntityManager entityManager;
    private final DataSource dataSource;

    public SagaRepository(EntityManager entityManager, DataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    public void add(Saga saga) {
        entityManager.persist(saga);
        appendNewEvents(saga);
    }

    /** As {@link #add}, with who started the saga and why in its first timeline entry: its event did not. */
    public void addStartedBy(Saga saga, String actor, String why) {
        entityManager.persist(saga);
        for (SagaEvent event : saga.drainNewEvents()) {
            entityManager.persist(new SagaTimelineEntry(saga.getId(), event.kind() != SagaEventKind.SAGA_STARTED
                    ? event
                    : new SagaEvent(event.seq(), event.at(), event.kind(), event.step(), event.messageType(),
                            event.commandId(), event.attempt(), event.deadline(), event.durationMs(), actor,
                            event.detail() + ", " + why)));
        }
    }

    /**
     * Writes the saga's change, then its new timeline entries. The versioned update goes first so that a replica that
     * lost the race fails on the saga row (optimistic lock, retried) before it holds any timeline key another
     * transaction may be waiting for. Returns the entries written (the caller's metrics read them).
     */
    public List<SagaEvent> update(Saga saga) {
        entityManager.flush();
        return appendNewEvents(saga);
    }

    private List<SagaEvent> appendNewEvents(Saga saga) {
        List<SagaEvent> events = saga.drainNewEvents();
        for (SagaEvent event : events) {
            entityManager.persist(new SagaTimelineEntry(saga.getId(), event));
        }
        return events;
    }

    /**
     * Writes what is pending and forgets every loaded saga and entry, so that the next saga handled in the same
     * transaction does not have them checked again at each flush.
     */
    public void writeAndForget() {
        entityManager.flush();
        entityManager.clear();
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

    /** One page of the sagas in {@code state}, newest first. */
    public List<Saga> findByState(SagaState state, int page, int size) {
        return entityManager.createQuery("from Saga where state = :state order by createdAt desc, id", Saga.class)
                .setParameter("state", state)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList();
    }

    public long countByState(SagaState state) {
        return entityManager.createQuery("select count(*) from Saga where state = :state", Long.class)
                .setParameter("state", state)
                .getSingleResult();
    }

    /** How many sagas are in each state that has any. */
    public Map<SagaState, Long> countPerState() {
        Map<SagaState, Long> counts = new EnumMap<>(SagaState.class);
        entityManager.createQuery("select state, count(*) from Saga group by state", Object[].class)
                .getResultStream()
                .forEach(row -> counts.put((SagaState) row[0], (Long) row[1]));
        return counts;
    }

    /** A command that an active saga awaits the reply to. */
    public record PendingCommand(String step, String orderId, UUID commandId, Instant sentAt) {
    }

    /** Every command an active saga awaits the reply to. */
    public List<PendingCommand> pendingCommands() {
        return entityManager.createQuery("""
                        select currentStep, orderId, pendingCommandId, pendingSentAt
                        from Saga where state in (:active) and pendingDeadline is not null""", Object[].class)
                .setParameter("active", List.of(SagaState.RUNNING, SagaState.COMPENSATING))
                .getResultStream()
                .map(row -> new PendingCommand((String) row[0], (String) row[1], (UUID) row[2], (Instant) row[3]))
                .toList();
    }

    /**
     * Rows in this service's outbox. Rows stay after the CDC relay published them until {@code OutboxRetention}
     * deletes them by age, so this is the relay's backlog plus the retained history.
     */
    public long countOutboxRows() {
        return ((Number) entityManager.createNativeQuery("select count(*) from outbox.outbox_event")
                .getSingleResult()).longValue();
    }

    public List<SagaEvent> timeline(UUID sagaId) {
        return entityManager.createQuery("from SagaTimelineEntry where sagaId = :sagaId order by seq",
                        SagaTimelineEntry.class)
                .setParameter("sagaId", sagaId)
                .getResultStream().map(SagaTimelineEntry::toEvent).toList();
    }

    /** Locks one saga if its deadline has passed and no other replica holds it; false otherwise. */
    public boolean claimIfDeadlinePassed(UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement("""
                        select id from saga
                        where id = ? and pending_deadline <= now() and state in ('RUNNING', 'COMPENSATING')
                        for update skip locked""")) {
            claim.setObject(1, id);
            try (ResultSet rows = claim.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim the deadline of saga " + id, e);
        }
    }

    /**
     * Sets a saga's deadline to {@code until} without loading it (it may be what cannot be loaded); returns its order
     * ID, empty when there is no such saga.
     */
    public Optional<String> postponeDeadline(UUID id, Instant until) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement postpone = connection.prepareStatement(
                        "update saga set pending_deadline = ? where id = ? and pending_deadline is not null"
                                + " returning order_id")) {
            postpone.setObject(1, until.atOffset(ZoneOffset.UTC));
            postpone.setObject(2, id);
            try (ResultSet rows = postpone.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot postpone the deadline of saga " + id, e);
        }
    }

    /**
     * Locks up to {@code limit} sagas whose reply deadline has passed: before {@code dueBeforeByStep} of their current
     * step, or before {@code dueBefore} for a step not named there. Rows locked by another replica are skipped, so two
     * replicas never handle the same expiry; the locks are held until the caller's transaction ends.
     */
    public List<UUID> claimExpiredDeadlines(Map<String, Instant> dueBeforeByStep, Instant dueBefore, int limit) {
        // Plain JDBC on the transaction's connection: as a Hibernate native query with a result class, every call
        // cached a new query plan that never matched the earlier ones (SagaRepositoryTest).
        String cutoff = dueBeforeByStep.isEmpty() ? "?"
                : "case current_step" + " when ? then ?".repeat(dueBeforeByStep.size()) + " else ? end";
        // The first bound is the latest of all, so that the scan stays on the pending_deadline index.
        String sql = """
                select id from saga
                where pending_deadline <= ? and pending_deadline <= %s and state in ('RUNNING', 'COMPENSATING')
                order by pending_deadline
                limit ?
                for update skip locked""".formatted(cutoff);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setObject(1, dueBefore.atOffset(ZoneOffset.UTC));
            int parameter = 2;
            for (Map.Entry<String, Instant> step : dueBeforeByStep.entrySet()) {
                claim.setString(parameter++, step.getKey());
                claim.setObject(parameter++, step.getValue().atOffset(ZoneOffset.UTC));
            }
            claim.setObject(parameter++, dueBefore.atOffset(ZoneOffset.UTC));
            claim.setInt(parameter, limit);
            List<UUID> due = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    due.add(rows.getObject(1, UUID.class));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim expired saga deadlines", e);
        }
    }
}
