package org.ordersaga.systemtests.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.support.Metrics;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.testsupport.PlatformProcess;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A burst far above what the stack finishes within a reply deadline (2 s here): every saga ends approved, none is
 * failed, compensated or parked because its participant was behind, and almost no command is sent twice — queued
 * commands wait for their participant instead of being re-sent behind themselves.
 */
class OverloadIT {
    static final int ORDERS = 300;
    /** Reserve, authorize, schedule, settle, capture, approve, notify. */
    static final int COMMANDS_PER_SAGA = 7;
    static final Duration SAGA_TIMEOUT = Duration.ofMinutes(4);

    static PlatformProcess platform;
    static SagaStack stack;

    @BeforeAll
    static void start() {
        platform = PlatformProcess.start(Path.of("target/it-overload").toAbsolutePath(), List.of("up", "--clean",
                "--pg-port", "0", "--kafka-port", "0", "--no-zipkin", "--service-port-offset", "3000",
                "--service-option", "-Dordersaga.orchestrator.deadlines.timeout=2s"));
        stack = new SagaStack(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void a_burst_beyond_the_deadlines_ends_approved_without_a_resend_storm() throws Exception {
        // warm the JVMs a little: a cold stack is the next issue's subject, not this test's
        List<String> warmUp = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            warmUp.add(stack.placeOrder(OrderRequest.of("cust-alice", "DE", "SKU-PEN", 1)));
        }
        stack.awaitFinished(warmUp, SAGA_TIMEOUT);
        double resentBefore = metric("saga_commands_resent_total");

        List<String> orders = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String customer = i % 2 == 0 ? "cust-alice" : "cust-bob";
                placed.add(clients.submit(() -> stack.placeOrder(OrderRequest.of(customer, "DE", "SKU-PEN", 1))));
            }
            for (Future<String> order : placed) {
                orders.add(order.get());
            }
        } finally {
            clients.shutdown();
        }

        Map<String, JsonNode> sagas = stack.awaitFinished(orders, SAGA_TIMEOUT);

        assertThat(sagas.values()).extracting(saga -> saga.path("state").asText()).containsOnly("COMPLETED");
        double resent = metric("saga_commands_resent_total") - resentBefore;
        System.out.printf("OverloadIT: %d sagas, %.0f commands re-sent after their deadline%n", ORDERS, resent);
        // Issue 12 asks for at most 1 %. Judged by timestamps alone this burst re-sent 0-30 of 1 800 commands (six a
        // saga at the time), with each command and its reply found among the unread records 0-7; without the queue
        // hold 501 (28 %).
        assertThat(resent).as("commands re-sent after their deadline")
                .isLessThanOrEqualTo(ORDERS * COMMANDS_PER_SAGA * 0.01);
        assertThat(metric("sagas_stuck_total") + metric("sagas_compensation_failed_total")
                + metric("sagas_rejected_total")).isZero();
    }

    /** The sum of a counter's series on the orchestrator's Prometheus endpoint (0 when it has none yet). */
    private static double metric(String name) {
        return Metrics.of(platform.serviceUrl("orchestrator")).sum(name);
    }
}
