package org.ordersaga.systemtests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.ordersaga.testsupport.PlatformProcess;

/**
 * Writes outbox rows the way a service does — as the service's own DB role, in a transaction with a business row —
 * using the chassis' own migration for the tables, so the relay is tested against the real schema.
 */
public final class OutboxWriter implements AutoCloseable {
    private final Connection connection;

    public OutboxWriter(PlatformProcess platform, String database, String role) throws SQLException {
        connection = DriverManager.getConnection(platform.jdbcUrl(database), role, role);
    }

    /** Applies the chassis migration (once) plus a stand-in business table. */
    public OutboxWriter withSchema() throws SQLException, IOException {
        Path migration = PlatformProcess.projectRoot()
                .resolve("chassis/src/main/resources/db/chassis/V1.0.0__outbox_and_inbox.sql");
        try (Statement sql = connection.createStatement()) {
            ResultSet existing = sql.executeQuery("select to_regclass('outbox.outbox_event') is not null");
            existing.next();
            if (!existing.getBoolean(1)) {
                sql.execute(Files.readString(migration));
            }
            sql.execute("create table if not exists business_row (id uuid primary key, note text)");
        }
        return this;
    }

    /** One transaction: a business row and its outbox row; committed or rolled back. Returns the outbox row id. */
    public UUID write(String topic, String key, String type, String payloadJson, String traceparent, boolean commit)
            throws SQLException {
        UUID id = UUID.randomUUID();
        connection.setAutoCommit(false);
        try (PreparedStatement business = connection.prepareStatement("insert into business_row values (?, ?)");
             PreparedStatement outbox = connection.prepareStatement("insert into outbox.outbox_event "
                     + "(id, aggregatetype, aggregateid, type, payload, traceparent) values (?, ?, ?, ?, ?::jsonb, ?)")) {
            business.setObject(1, UUID.randomUUID());
            business.setString(2, type);
            business.executeUpdate();
            outbox.setObject(1, id);
            outbox.setString(2, topic);
            outbox.setString(3, key);
            outbox.setString(4, type);
            outbox.setString(5, payloadJson);
            outbox.setString(6, traceparent);
            outbox.executeUpdate();
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } finally {
            connection.setAutoCommit(true);
        }
        return id;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
