package org.ordersaga.systemtests.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.systemtests.saga.SagaChecks.StockLevels;
import org.ordersaga.systemtests.saga.SagaStack.OrderRequest;
import org.ordersaga.systemtests.support.Poll;
import org.ordersaga.systemtests.support.ServiceReplica;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * Two instances of every service (the platform's plus one started here from the same jar), each pair in one consumer
 * group; 200 orders placed concurrently through both order-service instances must all end as designed, with every
 * effect once: stock and credit add up exactly.
 */
class ScaleOutSagaIT {
    static final int ORDERS = 200;
    static final List<String> SERVICES = List.of("order", "inventory", "payment", "fulfillment", "notification",
            "orchestrator");
    static final List<String> GROUPS = List.of("order-service", "inventory-service", "payment-service",
            "fulfillment-service", "notification-service", "saga-orchestrator");

    static final Path logs = Path.of("target/it-saga-scale/logs").toAbsolutePath();
    static PlatformProcess platform;
    static SagaStack stack;
    static final Map<String, ServiceReplica> replicas = new LinkedHashMap<>();

    @BeforeAll
    static void startTwoOfEach() {
        Path dataDir = logs.getParent();
        // no Zipkin here: twelve JVMs already share the two cores
        platform = PlatformProcess.start(dataDir, List.of("up", "--clean", "--pg-port", "0", "--kafka-port", "0",
                "--no-zipkin", "--service-port-offset", "1000"));
        stack = new SagaStack(platform);
        Map<String, Integer> membersBefore = Poll.until("every consumer group of the first instances stable",
                Duration.ofSeconds(60), ScaleOutSagaIT::members, m -> GROUPS.stream().allMatch(g -> m.get(g) > 0));
        for (String service : SERVICES) {
            replicas.put(service, ServiceReplica.start(platform, service, dataDir.resolve("logs"), List.of()));
        }
        replicas.values().forEach(replica -> replica.awaitReady(Duration.ofSeconds(180)));
        // the second instances joined every group (with more consumers than partitions, some members stay idle)
        Poll.until("every consumer group joined by the second instance", Duration.ofSeconds(90),
                ScaleOutSagaIT::members, members -> GROUPS.stream().allMatch(g -> members.get(g) > membersBefore.get(g)));
    }

    @AfterAll
    static void stopAll() {
        replicas.values().forEach(ServiceReplica::close);
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void two_hundred_concurrent_orders_on_two_instances_each_end_as_designed_with_every_effect_once() throws Exception {
        Map<String, StockLevels> stockBefore = SagaChecks.stockLevels(stack);
        Map<String, Long> creditBefore = new HashMap<>();
        for (String customer : List.of("cust-alice", "cust-bob", "cust-broke")) {
            creditBefore.put(customer, stack.availableCredit(customer));
        }
        List<String> orderServices = List.of(stack.url("order"), replicas.get("order").baseUrl());
        Map<String, OrderRequest> requests = new ConcurrentHashMap<>();
        Map<String, String> expectedReason = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> placed = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            int n = i;
            placed.add(clients.submit(() -> {
                Case order = orderCase(n);
                String orderId = SagaStack.placeOrder(orderServices.get(n % 2), order.request());
                requests.put(orderId, order.request());
                if (order.rejectionReason() != null) {
                    expectedReason.put(orderId, order.rejectionReason());
                }
            }));
        }
        for (Future<?> future : placed) {
            future.get();
        }
        clients.shutdown();

        stack.awaitFinished(List.copyOf(requests.keySet()), Duration.ofSeconds(240));

        Map<String, Long> sold = new HashMap<>();
        Map<String, Long> charged = new HashMap<>();
        requests.forEach((orderId, request) -> {
            String reason = expectedReason.get(orderId);
            if (reason == null) {
                SagaChecks.approvedOnce(stack, orderId, request);
                request.items().forEach((sku, quantity) -> sold.merge(sku, (long) quantity, Long::sum));
                charged.merge(request.customerId(), request.totalCents(), Long::sum);
            } else {
                SagaChecks.rejectedAndCompensated(stack, orderId, reason);
            }
        });
        assertThat(expectedReason).hasSize(ORDERS * 4 / 10);
        SagaChecks.stockConserved(stack, stockBefore, sold);
        creditBefore.forEach((customer, before) -> assertThat(stack.availableCredit(customer))
                .as("credit of %s: only approved orders charged, once", customer)
                .isEqualTo(before - charged.getOrDefault(customer, 0L)));
        long startedByPlatformInstance = sagasStarted(logs.resolve("saga-orchestrator.log"));
        long startedByReplica = sagasStarted(logs.resolve("saga-orchestrator-replica.log"));
        assertThat(startedByPlatformInstance).as("sagas started by the first orchestrator").isPositive();
        assertThat(startedByReplica).as("sagas started by the second orchestrator").isPositive();
        assertThat(startedByPlatformInstance + startedByReplica).as("one saga per order").isEqualTo(ORDERS);
    }

    record Case(OrderRequest request, String rejectionReason) {
    }

    /** Six good orders in ten, then one of each designed failure. */
    static Case orderCase(int n) {
        String customer = n % 2 == 0 ? "cust-alice" : "cust-bob";
        return switch (n % 10) {
            case 0 -> new Case(OrderRequest.of(customer, "DE", "SKU-PEN", 1, "SKU-SOLD-OUT", 1), "OUT_OF_STOCK");
            case 1 -> new Case(OrderRequest.of("cust-broke", "DE", "SKU-BOOK", 1), "INSUFFICIENT_CREDIT");
            case 2 -> new Case(OrderRequest.of(customer, "AQ", "SKU-LAMP", 1, "SKU-PEN", 2), "UNDELIVERABLE_ADDRESS");
            case 3 -> new Case(OrderRequest.of(customer, "DE", "SKU-UNKNOWN", 1), "UNKNOWN_SKU");
            default -> new Case(OrderRequest.of(customer, "DE", "SKU-PEN", 1 + n % 5, "SKU-BOOK", 1 + n % 3,
                    "SKU-LAMP", 1), null);
        };
    }

    /** Members per consumer group of the services; 0 for a group that is rebalancing. */
    static Map<String, Integer> members() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap());
        try (Admin admin = Admin.create(config)) {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(GROUPS).all().get();
            Map<String, Integer> members = new HashMap<>();
            groups.forEach((group, description) -> members.put(group,
                    description.groupState() == GroupState.STABLE ? description.members().size() : 0));
            return members;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the consumer groups: " + e.getMessage(), e);
        }
    }

    /** Sagas an orchestrator instance started, as its log tells an operator. */
    static long sagasStarted(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Saga started for order")).count();
        }
    }
}
