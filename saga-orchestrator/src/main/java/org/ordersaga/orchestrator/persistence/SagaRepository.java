package org.ordersaga.orchestrator.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaData;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaEventKind;
import org.ordersaga.orchestrator.domain.SagaSnapshot;
import org.ordersaga.orchestrator.domain.SagaState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

/**
 * Sagas and their timelines in plain JDBC on the caller's transaction connection. A reply costs one read, one
 * versioned update and one batch of timeline inserts; through Hibernate the same work was about half of this
 * service's CPU (the JSON column's snapshot copy and dirty check, the flush, the persistence context), and none of
 * it bought anything here: a saga is read, changed by its own state machine and written back, once per message.
 */
@ApplicationScoped
public class SagaRepository {

    private static final String COLUMNS = """
            id, order_id, state, current_step, data, trace_id, pending_command_id, pending_attempt, pending_deadline,
            pending_sent_at, event_count, version, created_at, updated_at""";
    private static final String INSERT = "insert into saga (" + COLUMNS + """
            ) values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE = """
            update saga set state = ?, current_step = ?, data = cast(? as jsonb), pending_command_id = ?,
                pending_attempt = ?, pending_deadline = ?, pending_sent_at = ?, event_count = ?, updated_at = ?,
                version = version + 1
            where id = ? and version = ?""";
    private static final String INSERT_EVENT = """
            insert into saga_event (saga_id, seq, at, kind, step, message_type, command_id, attempt, deadline,
                duration_ms, actor, detail)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String EVENT_COLUMNS =
            "seq, at, kind, step, message_type, command_id, attempt, deadline, duration_ms, actor, detail";

    /**
     * The saga's data column has its own mapper, independent of the REST one: rows outlive a release, so a field
     * an older build wrote and a newer one dropped is skipped, not an error.
     */
    private static final ObjectMapper DATA_JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DataSource dataSource;

    public SagaRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void add(Saga saga) {
        insert(saga, saga.drainNewEvents());
    }

    /** As {@link #add}, with who started the saga and why in its first timeline entry: its event did not. */
    public void addStartedBy(Saga saga, String actor, String why) {
        List<SagaEvent> events = saga.drainNewEvents().stream()
                .map(event -> event.kind() != SagaEventKind.SAGA_STARTED ? event
                        : new SagaEvent(event.seq(), event.at(), event.kind(), event.step(), event.messageType(),
                                event.commandId(), event.attempt(), event.deadline(), event.durationMs(), actor,
                                event.detail() + ", " + why))
                .toList();
        insert(saga, events);
    }

    private void insert(Saga saga, List<SagaEvent> events) {
        SagaSnapshot row = saga.snapshot();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, row.id());
            insert.setString(2, row.orderId());
            insert.setString(3, row.state().name());
            insert.setString(4, row.currentStep());
            insert.setString(5, write(row.data()));
            insert.setString(6, row.traceId());
            insert.setObject(7, row.pendingCommandId());
            insert.setInt(8, row.pendingAttempt());
            insert.setObject(9, timestamp(row.pendingDeadline()));
            insert.setObject(10, timestamp(row.pendingSentAt()));
            insert.setInt(11, row.eventCount());
            insert.setLong(12, row.version());
            insert.setObject(13, timestamp(row.createdAt()));
            insert.setObject(14, timestamp(row.updatedAt()));
            insert.executeUpdate();
            insertEvents(connection, row.id(), events);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store saga " + row.id() + " of order " + row.orderId(), e);
        }
    }

    /**
     * Writes the saga's change over the version it was read at, then its new timeline entries. The versioned update
     * goes first so that a replica that lost the race fails on the saga row ({@link OptimisticLockException}, which
     * the consumers retry) before it holds any timeline key another transaction may be waiting for. Returns the
     * entries written (the caller's metrics read them).
     */
    public List<SagaEvent> update(Saga saga) {
        SagaSnapshot row = saga.snapshot();
        List<SagaEvent> events = saga.drainNewEvents();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setString(1, row.state().name());
            update.setString(2, row.currentStep());
            update.setString(3, write(row.data()));
            update.setObject(4, row.pendingCommandId());
            update.setInt(5, row.pendingAttempt());
            update.setObject(6, timestamp(row.pendingDeadline()));
            update.setObject(7, timestamp(row.pendingSentAt()));
            update.setInt(8, row.eventCount());
            update.setObject(9, timestamp(row.updatedAt()));
            update.setObject(10, row.id());
            update.setLong(11, row.version());
            if (update.executeUpdate() == 0) {
                throw new OptimisticLockException("Saga " + row.id() + " of order " + row.orderId()
                        + " changed since version " + row.version() + " was read");
            }
            saga.stored();
            insertEvents(connection, row.id(), events);
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update saga " + row.id() + " of order " + row.orderId(), e);
        }
    }

    private static void insertEvents(Connection connection, UUID sagaId, List<SagaEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (SagaEvent event : events) {
                insert.setObject(1, sagaId);
                insert.setInt(2, event.seq());
                insert.setObject(3, timestamp(event.at()));
                insert.setString(4, event.kind().name());
                insert.setString(5, event.step());
                insert.setString(6, event.messageType());
                insert.setObject(7, event.commandId());
                setNullable(insert, 8, event.attempt(), Types.INTEGER);
                insert.setObject(9, timestamp(event.deadline()));
                setNullable(insert, 10, event.durationMs(), Types.BIGINT);
                insert.setString(11, event.actor());
                insert.setString(12, event.detail());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public Optional<Saga> find(UUID id) {
        return sagas("select " + COLUMNS + " from saga where id = ?", id).stream().findFirst();
    }

    public Optional<Saga> findByOrderId(String orderId) {
        return sagas("select " + COLUMNS + " from saga where order_id = ?", orderId).stream().findFirst();
    }

    public List<Saga> findByTraceId(String traceId) {
        return sagas("select " + COLUMNS + " from saga where trace_id = ? order by created_at", traceId);
    }

    /** One page of the sagas in {@code state}, newest first. */
    public List<Saga> findByState(SagaState state, int page, int size) {
        return sagas("select " + COLUMNS + " from saga where state = ? order by created_at desc, id limit ? offset ?",
                state.name(), size, (long) page * size);
    }

    public long countByState(SagaState state) {
        return countPerState().getOrDefault(state, 0L);
    }

    /** How many sagas are in each state that has any. */
    public Map<SagaState, Long> countPerState() {
        Map<SagaState, Long> counts = new EnumMap<>(SagaState.class);
        query("select state, count(*) from saga group by state", rows -> {
            while (rows.next()) {
                counts.put(SagaState.valueOf(rows.getString(1)), rows.getLong(2));
            }
            return null;
        });
        return counts;
    }

    /** A command that an active saga awaits the reply to. */
    public record PendingCommand(String step, String orderId, UUID commandId, Instant sentAt) {
    }

    /** Every command an active saga awaits the reply to. */
    public List<PendingCommand> pendingCommands() {
        return query("""
                select current_step, order_id, pending_command_id, pending_sent_at from saga
                where state in ('RUNNING', 'COMPENSATING') and pending_deadline is not null""", rows -> {
            List<PendingCommand> pending = new ArrayList<>();
            while (rows.next()) {
                pending.add(new PendingCommand(rows.getString(1), rows.getString(2),
                        rows.getObject(3, UUID.class), instant(rows, 4)));
            }
            return pending;
        });
    }

    /**
     * Rows in this service's outbox. Rows stay after the CDC relay published them until {@code OutboxRetention}
     * deletes them by age, so this is the relay's backlog plus the retained history.
     */
    public long countOutboxRows() {
        return query("select count(*) from outbox.outbox_event", rows -> rows.next() ? rows.getLong(1) : 0L);
    }

    public List<SagaEvent> timeline(UUID sagaId) {
        return query("select " + EVENT_COLUMNS + " from saga_event where saga_id = ? order by seq", rows -> {
            List<SagaEvent> events = new ArrayList<>();
            while (rows.next()) {
                events.add(new SagaEvent(rows.getInt(1), instant(rows, 2), SagaEventKind.valueOf(rows.getString(3)),
                        rows.getString(4), rows.getString(5), rows.getObject(6, UUID.class),
                        rows.getObject(7, Integer.class), instant(rows, 8), rows.getObject(9, Long.class),
                        rows.getString(10), rows.getString(11)));
            }
            return events;
        }, sagaId);
    }

    private List<Saga> sagas(String sql, Object... parameters) {
        return query(sql, rows -> {
            List<Saga> found = new ArrayList<>();
            while (rows.next()) {
                found.add(Saga.restore(new SagaSnapshot(rows.getObject(1, UUID.class), rows.getString(2),
                        SagaState.valueOf(rows.getString(3)), rows.getString(4), read(rows.getString(5)),
                        rows.getString(6), rows.getObject(7, UUID.class), rows.getInt(8), instant(rows, 9),
                        instant(rows, 10), rows.getInt(11), rows.getLong(12), instant(rows, 13), instant(rows, 14))));
            }
            return found;
        }, parameters);
    }

    private interface RowsReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, RowsReader<T> reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read sagas: " + e.getMessage(), e);
        }
    }

    private String write(SagaData data) {
        try {
            return DATA_JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise saga data", e);
        }
    }

    private SagaData read(String data) {
        try {
            return DATA_JSON.readValue(data, SagaData.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored saga data is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setNullable(PreparedStatement statement, int index, Object value, int sqlType)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else {
            statement.setObject(index, value);
        }
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
