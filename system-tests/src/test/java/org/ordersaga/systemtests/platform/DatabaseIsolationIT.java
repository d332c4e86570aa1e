package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.PlatformProcess;

class DatabaseIsolationIT {
    static PlatformProcess platform;

    @BeforeAll
    static void startPlatform() {
        platform = PlatformProcess.start(Path.of("target/it-isolation").toAbsolutePath(),
                List.of("infra", "--clean", "--pg-port", "0", "--kafka-port", "0"));
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void a_service_role_reaches_its_own_database() throws SQLException {
        try (Connection own = DriverManager.getConnection(platform.jdbcUrl("inventory_db"), "inventory_service",
                "inventory_service")) {
            assertThat(own.isValid(2)).isTrue();
        }
    }

    @Test
    void the_inventory_role_is_refused_on_the_payment_database() {
        assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl("payment_db"), "inventory_service",
                "inventory_service").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void every_service_role_is_refused_on_every_other_database() {
        List<String> services = List.of("order", "inventory", "payment", "fulfillment", "notification");
        for (String role : services) {
            for (String db : services) {
                if (!role.equals(db)) {
                    assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl(db + "_db"),
                            role + "_service", role + "_service").close())
                            .as("%s_service on %s_db", role, db)
                            .isInstanceOf(SQLException.class);
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl("orchestrator_db"),
                    role + "_service", role + "_service").close()).isInstanceOf(SQLException.class);
        }
    }

    /** Logical decoding of the outbox is all cdc_relay needs; physical replication would copy every database. */
    @Test
    void the_cdc_role_decodes_the_outbox_but_gets_no_physical_replication_connection() throws SQLException {
        Properties logical = cdcRelay();
        logical.setProperty("replication", "database");
        logical.setProperty("preferQueryMode", "simple");
        try (Connection decoding = DriverManager.getConnection(platform.jdbcUrl("payment_db"), logical)) {
            assertThat(decoding.isClosed()).isFalse();
        }
        Properties physical = cdcRelay();
        physical.setProperty("replication", "true");
        physical.setProperty("preferQueryMode", "simple");
        assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl("payment_db"), physical).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no pg_hba.conf entry for replication connection");
    }

    private static Properties cdcRelay() {
        Properties properties = new Properties();
        properties.setProperty("user", "cdc_relay");
        properties.setProperty("password", "cdc_relay");
        properties.setProperty("assumeMinServerVersion", "10");
        return properties;
    }

    @Test
    void a_wrong_password_is_refused() {
        assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl("payment_db"), "payment_service",
                "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }
}
