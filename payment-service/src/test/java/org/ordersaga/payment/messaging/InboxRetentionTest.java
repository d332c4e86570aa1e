package org.ordersaga.payment.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.inbox.InboxRetention;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chassis' inbox retention on payment's real inbox: rows past the 15-day window go, in batches smaller than what
 * is to delete; younger ones stay, so a redelivery within the window is still known as one.
 */
@QuarkusTest
@TestProfile(InboxRetentionTest.SmallBatches.class)
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class InboxRetentionTest {

    /** Two rows per delete, so that five expired rows take three transactions. */
    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ordersaga.inbox.delete-batch-size", "2");
        }
    }

    private static final String CONSUMER = "inbox-retention-test";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    InboxRetention retention;

    @Test
    void rowsOlderThanTheWindowAreDeletedAndYoungerOnesKept() throws SQLException {
        for (int i = 0; i < 5; i++) {
            insert("old-" + i, "16 days");
            insert("young-" + i, "14 days");
        }

        retention.deleteExpiredRows();

        assertThat(ids("select message_id from inbox.processed_message where consumer = ?"))
                .containsExactlyInAnyOrder("young-0", "young-1", "young-2", "young-3", "young-4");
        assertThat(ids("select command_id from inbox.command_reply where consumer = ?"))
                .containsExactlyInAnyOrder("young-0", "young-1", "young-2", "young-3", "young-4");
    }

    private void insert(String id, String age) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement message = connection.prepareStatement("insert into inbox.processed_message"
                     + " (consumer, message_id, processed_at) values (?, ?, now() - cast(? as interval))");
             PreparedStatement reply = connection.prepareStatement("insert into inbox.command_reply"
                     + " (consumer, command_id, reply_type, payload, recorded_at)"
                     + " values (?, ?, 'PaymentAuthorized', '{}', now() - cast(? as interval))")) {
            for (PreparedStatement insert : List.of(message, reply)) {
                insert.setString(1, CONSUMER);
                insert.setString(2, id);
                insert.setString(3, age);
                insert.executeUpdate();
            }
        }
    }

    private List<String> ids(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, CONSUMER);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }
}
