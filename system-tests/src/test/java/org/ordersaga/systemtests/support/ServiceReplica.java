package org.ordersaga.systemtests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ordersaga.testsupport.LocalPorts;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * One more instance of a service next to the one the platform started: the same quarkus-run.jar with the system
 * properties the launcher passes (dev profile, the service's datasource and role, Kafka), on a port of its own. It joins
 * the service's consumer group, so the two instances share the topic's partitions.
 */
public final class ServiceReplica implements AutoCloseable {
    /** short name → module, database, role (docs/conventions.md). */
    private static final Map<String, List<String>> SERVICES = Map.of(
            "order", List.of("order-service", "order_db", "order_service"),
            "inventory", List.of("inventory-service", "inventory_db", "inventory_service"),
            "payment", List.of("payment-service", "payment_db", "payment_service"),
            "fulfillment", List.of("fulfillment-service", "fulfillment_db", "fulfillment_service"),
            "notification", List.of("notification-service", "notification_db", "notification_service"),
            "orchestrator", List.of("saga-orchestrator", "orchestrator_db", "saga_orchestrator"));

    private final String name;
    private final Process process;
    private final String baseUrl;

    private ServiceReplica(String name, Process process, String baseUrl) {
        this.name = name;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the instance; call {@link #awaitReady} before use (start several first, they boot in parallel). */
    public static ServiceReplica start(PlatformProcess platform, String shortName, Path logDir, List<String> extraJvm) {
        List<String> service = SERVICES.get(shortName);
        if (service == null) {
            throw new IllegalArgumentException("unknown service " + shortName);
        }
        Path jar = PlatformProcess.projectRoot().resolve(service.get(0)).resolve("target/quarkus-app/quarkus-run.jar");
        int port = LocalPorts.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + platform.jdbcUrl(service.get(1)),
                "-Dquarkus.datasource.username=" + service.get(2),
                "-Dquarkus.datasource.password=" + service.get(2),
                "-Dkafka.bootstrap.servers=" + platform.kafkaBootstrap()));
        command.addAll(extraJvm);
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(service.get(0) + "-replica.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            return new ServiceReplica(shortName, process, "http://localhost:" + port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a second " + shortName + ": " + e.getMessage(), e);
        }
    }

    public ServiceReplica awaitReady(Duration timeout) {
        Poll.until(name + " replica ready", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " replica exited with " + process.exitValue());
            }
            return JsonHttp.get(baseUrl + "/q/health/ready").status();
        }, status -> status == 200);
        return this;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Graceful stop (SIGTERM), forced after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
