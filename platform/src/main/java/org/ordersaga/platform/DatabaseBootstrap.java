package org.ordersaga.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What a DBA would do once per service database: a role that owns only its database, the outbox schema, the
 * publication and the replication slot. Creating the slot here (before any service writes) means no outbox row is
 * missed even if the relay starts later. Local passwords equal the role name; production passwords come from secrets.
 */
final class DatabaseBootstrap {
    static final String CDC_ROLE = "cdc_relay";
    static final String PUBLICATION = "outbox_publication";

    private DatabaseBootstrap() {
    }

    static String slotName(ServiceCatalog.Service service) {
        return "outbox_" + service.database();
    }

    static void apply(Postgres postgres, List<ServiceCatalog.Service> services) throws SQLException {
        requirePasswords(postgres.dataDirectory());
        try (Connection admin = postgres.connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("SELECT pg_reload_conf()");
            createRoleIfMissing(sql, CDC_ROLE, "LOGIN REPLICATION PASSWORD '" + CDC_ROLE + "'");
            for (ServiceCatalog.Service service : services) {
                createRoleIfMissing(sql, service.role(), "LOGIN PASSWORD '" + service.role() + "'");
                if (!exists(sql, "select 1 from pg_database where datname = '" + service.database() + "'")) {
                    sql.execute("CREATE DATABASE " + service.database() + " OWNER " + service.role());
                }
                sql.execute("ALTER DATABASE " + service.database() + " OWNER TO " + service.role());
                sql.execute("REVOKE ALL ON DATABASE " + service.database() + " FROM PUBLIC");
                sql.execute("GRANT CONNECT ON DATABASE " + service.database() + " TO " + service.role() + ", " + CDC_ROLE);
            }
        }
        for (ServiceCatalog.Service service : services) {
            try (Connection db = postgres.connectAsSuperuser(service.database()); Statement sql = db.createStatement()) {
                sql.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
                sql.execute("GRANT ALL ON SCHEMA public TO " + service.role());
                sql.execute("CREATE SCHEMA IF NOT EXISTS outbox AUTHORIZATION " + service.role());
                sql.execute("GRANT USAGE ON SCHEMA outbox TO " + CDC_ROLE);
                sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + service.role()
                        + " IN SCHEMA outbox GRANT SELECT ON TABLES TO " + CDC_ROLE);
                if (!exists(sql, "select 1 from pg_publication where pubname = '" + PUBLICATION + "'")) {
                    sql.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLES IN SCHEMA outbox");
                }
                if (!exists(sql, "select 1 from pg_replication_slots where slot_name = '" + slotName(service) + "'")) {
                    sql.execute("SELECT pg_create_logical_replication_slot('" + slotName(service) + "', 'pgoutput')");
                }
            }
        }
    }

    private static void createRoleIfMissing(Statement sql, String role, String options) throws SQLException {
        if (!exists(sql, "select 1 from pg_roles where rolname = '" + role + "'")) {
            sql.execute("CREATE ROLE " + role + " " + options);
        }
    }

    private static boolean exists(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            return rows.next();
        }
    }

    /**
     * pg_hba: passwords for everyone but the local superuser, so a role cannot borrow another's identity. No
     * {@code replication} entry: that keyword admits physical replication only, which nothing here needs; the relay's
     * logical decoding connects to one database and matches that database's lines.
     */
    static void requirePasswords(Path pgData) {
        // zonky runs initdb with "-A trust"; keeping trust for the superuser on localhost only is what a dev box does.
        Path hba = pgData.resolve("pg_hba.conf");
        String rules = """
                # written by the ordersaga platform
                local   all             postgres                                trust
                host    all             postgres        127.0.0.1/32            trust
                host    all             postgres        ::1/128                 trust
                host    all             all             127.0.0.1/32            scram-sha-256
                host    all             all             ::1/128                 scram-sha-256
                """;
        try {
            Files.writeString(hba, rules);
        } catch (java.io.IOException e) {
            throw new PlatformException("cannot write " + hba, e);
        }
    }
}
