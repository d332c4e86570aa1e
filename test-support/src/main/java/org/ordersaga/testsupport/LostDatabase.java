package org.ordersaga.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** What a failover does to a service's pool, for the tests that check a service survives it. */
public final class LostDatabase {

    private LostDatabase() {
    }

    /** Makes {@code pool} open (or keep) {@code size} connections at once and hold them idle. */
    public static void fillPool(DataSource pool, int size) throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                held.add(pool.getConnection());
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    /**
     * Terminates every backend of the role {@code username} but the one this opens (outside the service's pool);
     * returns how many were terminated.
     */
    public static int terminateConnectionsOf(String url, String username, String password) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, username, password);
                Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("select count(*) filter (where pg_terminate_backend(pid))"
                        + " from pg_stat_activity where usename = current_user and pid <> pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }
}
