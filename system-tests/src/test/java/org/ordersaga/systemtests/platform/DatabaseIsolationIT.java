package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

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

    @Test
    void a_wrong_password_is_refused() {
        assertThatThrownBy(() -> DriverManager.getConnection(platform.jdbcUrl("payment_db"), "payment_service",
                "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }
}
