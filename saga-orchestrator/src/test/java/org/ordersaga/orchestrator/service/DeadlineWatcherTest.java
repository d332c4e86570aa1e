package org.ordersaga.orchestrator.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ordersaga.orchestrator.OrchestratorTraffic.PATIENCE;

/**
 * A saga whose deadline cannot be handled (here: a step this orchestrator does not know) sits first in the deadline
 * batch: the other sagas' deadlines are still handled, and the broken one is tried again later instead of at every scan.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class DeadlineWatcherTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    private OrchestratorTraffic traffic;
    private String broken;

    @BeforeEach
    void connect() {
        traffic = new OrchestratorTraffic(bootstrapServers, dataSource);
    }

    @AfterEach
    void disconnect() throws SQLException {
        if (broken != null) {
            execute("update saga set state = 'COMPENSATION_FAILED', pending_deadline = null where order_id = ?", broken);
        }
        traffic.close();
    }

    @Test
    void aSagaWhoseDeadlineCannotBeHandledHoldsUpNoOtherAndIsTriedAgainLater() throws Exception {
        broken = traffic.placeOrder(UUID.randomUUID().toString());
        String healthy = traffic.placeOrder(UUID.randomUUID().toString());
        traffic.awaitCommand(broken, "ReserveInventory");
        traffic.awaitCommand(healthy, "ReserveInventory");
        // first in the batch (earliest deadline), and it throws when its step is looked up
        execute("update saga set current_step = 'NO_SUCH_STEP', pending_deadline = now() - interval '1 hour'"
                + " where order_id = ?", broken);

        // %test deadline 1 s: no reply comes, so the healthy saga's command is re-sent
        await().atMost(PATIENCE).until(() -> traffic.commands(healthy).stream()
                .filter(command -> command.type().equals("ReserveInventory")).count() > 1);

        assertThat(traffic.count("select count(*) from saga where order_id = ? and pending_deadline > now()"
                + " + interval '20 seconds'", broken)).as("the broken saga's deadline, postponed by 30 s").isOne();
    }

    private void execute(String sql, String orderId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, orderId);
            statement.executeUpdate();
        }
    }
}
