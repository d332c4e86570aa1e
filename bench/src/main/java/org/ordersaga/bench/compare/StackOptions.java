package org.ordersaga.bench.compare;

import java.util.Map;

import picocli.CommandLine.Option;

/** The stack options of compare and throughput: a fresh stack's port offset, or where a running stack is. */
final class StackOptions {

    @Option(names = "--service-port-offset", paramLabel = "N",
            description = "Own stack: add N to every service's HTTP port.")
    Integer servicePortOffset;

    @Option(names = "--order-url", paramLabel = "URL",
            description = "Use a running, otherwise idle stack in the dev profile (faults enabled) with order-service "
                    + "here, instead of a fresh one.")
    String orderUrl;

    @Option(names = "--inventory-url", paramLabel = "URL",
            description = "The running stack's inventory-service (default: ${DEFAULT-VALUE}).")
    String inventoryUrl = "http://localhost:8082";

    @Option(names = "--payment-url", paramLabel = "URL",
            description = "The running stack's payment-service (default: ${DEFAULT-VALUE}).")
    String paymentUrl = "http://localhost:8083";

    @Option(names = "--fulfillment-url", paramLabel = "URL",
            description = "The running stack's fulfillment-service (default: ${DEFAULT-VALUE}).")
    String fulfillmentUrl = "http://localhost:8084";

    @Option(names = "--notification-url", paramLabel = "URL",
            description = "The running stack's notification-service (default: ${DEFAULT-VALUE}).")
    String notificationUrl = "http://localhost:8085";

    @Option(names = "--orchestrator-url", paramLabel = "URL",
            description = "The running stack's saga-orchestrator (default: ${DEFAULT-VALUE}).")
    String orchestratorUrl = "http://localhost:8086";

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "The running stack's Kafka (default: ${DEFAULT-VALUE}).")
    String kafka = "localhost:19092";

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "The running stack's order_db: the CDC probe's database, and its port finds PostgreSQL for "
                    + "the CPU figures (default: ${DEFAULT-VALUE}).")
    String jdbcUrl = "jdbc:postgresql://localhost:15432/order_db";

    @Option(names = "--stack-pid", paramLabel = "PID",
            description = "The running stack's launcher (platform.jar up), root of the processes whose CPU is measured "
                    + "(default: found by its command line).")
    Long stackPid;

    /** The running stack named by --order-url and the rest, or null for a fresh stack of the bench's own. */
    StackEndpoints runningStack() {
        if (orderUrl == null) {
            return null;
        }
        return new StackEndpoints(Map.of("order", orderUrl, "inventory", inventoryUrl, "payment", paymentUrl,
                "fulfillment", fulfillmentUrl, "notification", notificationUrl, "orchestrator", orchestratorUrl), kafka,
                jdbcUrl);
    }
}
