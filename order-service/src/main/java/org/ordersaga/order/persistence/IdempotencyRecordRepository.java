package org.ordersaga.order.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.IdempotencyKey;
import org.ordersaga.order.domain.IdempotencyRecord;
import org.ordersaga.order.domain.RecordedAnswer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * {@code idempotency_record} over plain JDBC (the answer's body is JSON text, kept as written); the connection is
 * enlisted in the caller's JTA transaction, the one that stores the order.
 */
@ApplicationScoped
public class IdempotencyRecordRepository {

    private final DataSource dataSource;

    public IdempotencyRecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the record unless its key has one. A record another transaction is writing makes this one wait for it:
     * false once that one committed, true (and stored) if it rolled back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insertIfAbsent(IdempotencyRecord record) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into idempotency_record (idempotency_key, fingerprint, order_id, mode, created_at,
                            response_status, response_content_type, response_location, response_body, answered_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as json), ?)
                        on conflict (idempotency_key) do nothing""")) {
            insert.setString(1, record.key().value());
            insert.setString(2, record.fingerprint());
            insert.setObject(3, record.orderId());
            insert.setString(4, record.mode().name());
            insert.setTimestamp(5, Timestamp.from(record.createdAt()));
            RecordedAnswer answer = record.answer().orElse(null);
            insert.setObject(6, answer == null ? null : answer.status(), Types.INTEGER);
            insert.setString(7, answer == null ? null : answer.contentType());
            insert.setString(8, answer == null ? null : answer.location());
            insert.setString(9, answer == null ? null : answer.body());
            insert.setTimestamp(10, answer == null ? null : Timestamp.from(record.createdAt()));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store idempotency key " + record.key().value(), e);
        }
    }

    /** The committed record of {@code key}, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IdempotencyRecord> find(IdempotencyKey key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select fingerprint, order_id, mode, created_at, response_status, response_content_type,
                            response_location, response_body::text
                        from idempotency_record where idempotency_key = ?""")) {
            select.setString(1, key.value());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int status = row.getInt(5);
                Optional<RecordedAnswer> answer = row.wasNull() ? Optional.empty()
                        : Optional.of(new RecordedAnswer(status, row.getString(6), row.getString(7), row.getString(8)));
                return Optional.of(new IdempotencyRecord(key, row.getString(1), row.getObject(2, UUID.class),
                        OrderMode.valueOf(row.getString(3)), row.getTimestamp(4).toInstant(), answer));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read idempotency key " + key.value(), e);
        }
    }

    /** Records the answer of a key that has none yet, in a transaction of its own; a recorded answer is kept. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAnswer(IdempotencyKey key, RecordedAnswer answer, Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        update idempotency_record set response_status = ?, response_content_type = ?,
                            response_location = ?, response_body = cast(? as json), answered_at = ?
                        where idempotency_key = ? and response_status is null""")) {
            update.setInt(1, answer.status());
            update.setString(2, answer.contentType());
            update.setString(3, answer.location());
            update.setString(4, answer.body());
            update.setTimestamp(5, Timestamp.from(now));
            update.setString(6, key.value());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the answer for idempotency key " + key.value(), e);
        }
    }

    /**
     * Deletes up to {@code limit} records created before {@code cutoff}, in a transaction of its own, so that a large
     * backlog is deleted in short transactions; returns how many it deleted.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteCreatedBefore(Instant cutoff, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        delete from idempotency_record where idempotency_key in (
                            select idempotency_key from idempotency_record where created_at < ? limit ?)""")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete idempotency records created before " + cutoff, e);
        }
    }
}
