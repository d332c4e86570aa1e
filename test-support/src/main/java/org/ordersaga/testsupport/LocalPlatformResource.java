package org.ordersaga.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the real local infrastructure (PostgreSQL with logical WAL, Kafka, the Debezium CDC relay) once per test JVM
 * and points the service under test at its own database:
 * {@code @WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))}.
 * Init args: {@code service} (short name, required), {@code zipkin} ("true" to start Zipkin too).
 */
public class LocalPlatformResource implements QuarkusTestResourceLifecycleManager {
    private static PlatformProcess platform;

    private String service;
    private boolean zipkin;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
        if (service == null) {
            throw new IllegalArgumentException("LocalPlatformResource needs the init arg 'service' (e.g. inventory)");
        }
        zipkin = Boolean.parseBoolean(initArgs.getOrDefault("zipkin", "false"));
    }

    /** The platform shared by every test class of this JVM (started on first use). */
    public static synchronized PlatformProcess platform(boolean withZipkin) {
        if (platform == null) {
            List<String> options = new java.util.ArrayList<>(List.of("infra", "--clean", "--pg-port", "0",
                    "--kafka-port", "0"));
            if (withZipkin) {
                options.addAll(List.of("--zipkin", "--zipkin-port", "0"));
            }
            platform = PlatformProcess.start(Path.of("target", "platform-test").toAbsolutePath(), options);
        }
        return platform;
    }

    @Override
    public Map<String, String> start() {
        PlatformProcess running = platform(zipkin);
        String database = "orchestrator".equals(service) ? "orchestrator_db" : service + "_db";
        String role = "orchestrator".equals(service) ? "saga_orchestrator" : service + "_service";
        Map<String, String> config = new HashMap<>(running.datasource(database, role));
        config.put("kafka.bootstrap.servers", running.kafkaBootstrap());
        if (zipkin) {
            config.put("ordersaga.zipkin.endpoint", running.zipkinUrl() + "/api/v2/spans");
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for the next test class of this JVM; PlatformProcess stops it at JVM exit.
    }
}
