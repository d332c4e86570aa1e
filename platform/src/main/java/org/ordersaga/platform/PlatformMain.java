package org.ordersaga.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the local platform in one process: PostgreSQL, Kafka, the CDC relay, optionally Zipkin and the services
 * (as child processes). Prints one line starting with {@value #READY} and a JSON object of endpoints when all is up;
 * stops everything, in reverse order, on SIGTERM/Ctrl-C.
 */
public final class PlatformMain {
    static final String READY = "PLATFORM READY ";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMain.class);

    private final PlatformSettings settings;
    private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();
    private final StaleProcesses staleProcesses;
    private CdcRelay relay;

    private PlatformMain(PlatformSettings settings) {
        this.settings = settings;
        this.staleProcesses = new StaleProcesses(settings.dataDir());
    }

    public static void main(String[] args) {
        PlatformSettings settings;
        try {
            settings = PlatformSettings.parse(args);
        } catch (PlatformException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PlatformMain platform = new PlatformMain(settings);
        // Our own handlers, not a shutdown hook: JVM hooks run concurrently, and zonky's own hook would stop
        // PostgreSQL while the relay still commits its last offsets (which republishes events on the next start).
        for (String signal : List.of("TERM", "INT", "HUP")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                platform.stopAll();
                System.exit(0);
            });
        }
        try {
            platform.startAll();
        } catch (PlatformException e) {
            LOG.error("{}", e.getMessage());
            platform.stopAll(); // what did start (Zipkin, the services that came up) must not outlive the launcher
            System.exit(1);
        }
        platform.acceptCommands();
    }

    private void startAll() {
        if (settings.clean()) {
            deleteRecursively(settings.dataDir());
        }
        staleProcesses.stopLeftovers();
        int pgPort = Ports.resolve(settings.postgresPort());
        int kafkaPort = Ports.resolve(settings.kafkaPort());
        int controllerPort = Ports.resolve(settings.kafkaPort() == 0 ? 0 : settings.kafkaPort() + 1);

        if (settings.mode() == PlatformSettings.Mode.UP) {
            settings.services().forEach(s -> requireBuilt(s));
        }

        Postgres postgres = Postgres.start(settings.dataDir(), pgPort, settings.dataDir().resolve("logs/postgres.log"));
        stopOrder.push(postgres);
        postgres.bootstrap(ServiceCatalog.SERVICES);

        Kafka kafka = Kafka.start(settings.dataDir(), kafkaPort, controllerPort);
        stopOrder.push(kafka);

        relay = CdcRelay.start(ServiceCatalog.SERVICES, pgPort, kafka.bootstrapServers(), settings.dataDir());
        stopOrder.push(relay);
        int healthPort = Ports.resolve(settings.healthPort());
        stopOrder.push(PlatformHealth.start(healthPort, relay::status));

        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("postgresPort", pgPort);
        ready.put("kafkaBootstrap", kafka.bootstrapServers());
        ready.put("healthUrl", "http://localhost:" + healthPort + PlatformHealth.PATH);

        String zipkinUrl = null;
        if (settings.zipkin()) {
            int zipkinPort = Ports.resolve(settings.zipkinPort());
            zipkinUrl = "http://localhost:" + zipkinPort;
            startZipkin(zipkinPort, zipkinUrl);
            ready.put("zipkinUrl", zipkinUrl);
        }

        if (settings.mode() == PlatformSettings.Mode.UP) {
            Map<String, String> urls = startServices(pgPort, kafka.bootstrapServers(), zipkinUrl);
            ready.put("services", urls);
        }
        System.out.println(READY + toJson(ready));
        System.out.flush();
        printSummary(ready);
    }

    private void startZipkin(int port, String url) {
        Path jar = platformHome().resolve("zipkin").resolve("zipkin-server.jar");
        if (!Files.exists(jar)) {
            throw new PlatformException("Zipkin server jar missing at " + jar + "; build with ./mvnw -B package -DskipTests");
        }
        Ports.requireFree(port, "Zipkin");
        ChildProcess zipkin = new ChildProcess("zipkin",
                ChildProcess.java(List.of("-Xmx256m", "-XX:+UseSerialGC"), "-jar", jar.toString()),
                Map.of("STORAGE_TYPE", "mem", "QUERY_PORT", Integer.toString(port), "MEM_MAX_SPANS", "200000"),
                settings.dataDir().resolve("logs/zipkin.log"), uri(url + "/health"), staleProcesses);
        zipkin.start();
        stopOrder.push(zipkin::stop);
        zipkin.awaitReady(Duration.ofSeconds(90));
    }

    private Map<String, String> startServices(int pgPort, String kafkaBootstrap, String zipkinUrl) {
        List<String> peerUrls = ServiceCatalog.SERVICES.stream()
                .map(s -> "-Dquarkus.rest-client." + s.shortName() + ".url=" + baseUrl(s))
                .toList();
        for (ServiceCatalog.Service service : settings.services()) {
            // C1 only: eight JVMs share two cores here, and C2 kept compiling through whole benchmark minutes. With it,
            // 6 orders/s right after the start took saga p50 25 s; without, 11 s, and the services' CPU per saga halved
            // (docs/performance.md). This JVM (Kafka, relay) is C1 only too when run.sh starts it (change 13).
            List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.profile=dev",
                    "-Dquarkus.http.port=" + (service.httpPort() + settings.servicePortOffset()),
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + pgPort + "/" + service.database(),
                    "-Dquarkus.datasource.username=" + service.role(),
                    "-Dquarkus.datasource.password=" + service.role(),
                    "-Dkafka.bootstrap.servers=" + kafkaBootstrap));
            if (zipkinUrl != null) {
                jvm.add("-Dordersaga.zipkin.endpoint=" + zipkinUrl + "/api/v2/spans");
                // The orchestrator's console links each saga to its trace in this Zipkin's UI.
                jvm.add("-Dordersaga.orchestrator.console.zipkin-url=" + zipkinUrl);
            }
            // The orchestrator's console asks this order-service about orders without a saga and the rollout share.
            jvm.add("-Dordersaga.orchestrator.console.order-service-url=" + baseUrl(ServiceCatalog.require("order")));
            jvm.addAll(peerUrls);
            jvm.addAll(settings.serviceOptions());
            ChildProcess process = new ChildProcess(service.name(),
                    ChildProcess.java(jvm, "-jar", serviceJar(service).toString()), Map.of(),
                    settings.dataDir().resolve("logs/" + service.name() + ".log"),
                    uri(baseUrl(service) + "/q/health/ready"), staleProcesses);
            services.put(service.shortName(), process);
        }
        stopOrder.push(() -> {
            services.values().forEach(ChildProcess::requestStop); // all at once, then wait for each
            services.values().forEach(ChildProcess::stop);
        });
        services.values().forEach(ChildProcess::start);
        services.values().forEach(p -> p.awaitReady(Duration.ofSeconds(90)));
        return settings.services().stream()
                .collect(Collectors.toMap(ServiceCatalog.Service::shortName, this::baseUrl,
                        (a, b) -> a, LinkedHashMap::new));
    }

    private String baseUrl(ServiceCatalog.Service service) {
        return "http://localhost:" + (service.httpPort() + settings.servicePortOffset());
    }

    private Path serviceJar(ServiceCatalog.Service service) {
        return settings.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void requireBuilt(ServiceCatalog.Service service) {
        if (!Files.exists(serviceJar(service))) {
            throw new PlatformException(service.name() + " is not built (" + serviceJar(service) + " missing). "
                    + "Build first: ./mvnw -B package -DskipTests");
        }
        Ports.requireFree(service.httpPort() + settings.servicePortOffset(), service.name());
    }

    /** Reads operator commands; with no standard input (CI, background) it just keeps running. */
    private void acceptCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                try {
                    switch (words[0]) {
                        case "stop" -> service(words).stop();
                        case "start" -> {
                            ChildProcess process = service(words);
                            process.start();
                            process.awaitReady(Duration.ofSeconds(90));
                        }
                        case "status" -> {
                            services.forEach((name, p) ->
                                    System.out.println(name + " " + (p.isRunning() ? "running pid " + p.pid() : "stopped")));
                            relay.status().forEach((database, engine) ->
                                    System.out.println("relay " + database + " " + PlatformHealth.json(engine)));
                        }
                        case "" -> { }
                        default -> System.out.println("commands: stop <service>, start <service>, status");
                    }
                    System.out.println("OK " + line.trim());
                } catch (PlatformException e) {
                    System.out.println("ERROR " + e.getMessage());
                }
                System.out.flush();
            }
        } catch (IOException e) {
            LOG.debug("standard input closed: {}", e.getMessage());
        }
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ChildProcess service(String[] words) {
        if (words.length < 2 || !services.containsKey(ServiceCatalog.require(words[1]).shortName())) {
            throw new PlatformException("name a running service: " + services.keySet());
        }
        return services.get(ServiceCatalog.require(words[1]).shortName());
    }

    private synchronized void stopAll() {
        if (stopOrder.isEmpty()) {
            return;
        }
        LOG.info("stopping the platform");
        while (!stopOrder.isEmpty()) {
            try {
                stopOrder.pop().close();
            } catch (Exception e) {
                LOG.warn("stop step failed: {}", e.getMessage());
            }
        }
        staleProcesses.clear();
        LOG.info("platform stopped");
    }

    private void printSummary(Map<String, Object> ready) {
        StringBuilder text = new StringBuilder("\n  PostgreSQL   localhost:" + ready.get("postgresPort")
                + "\n  Kafka        " + ready.get("kafkaBootstrap")
                + "\n  CDC relay    " + ready.get("healthUrl") + " (each engine's state)");
        if (ready.containsKey("zipkinUrl")) {
            text.append("\n  Zipkin       ").append(ready.get("zipkinUrl"));
        }
        if (ready.get("services") instanceof Map<?, ?> urls) {
            urls.forEach((name, url) -> text.append(String.format("%n  %-13s%s  (health %s/q/health, OpenAPI %s/q/openapi)",
                    name, url, url, url)));
        }
        text.append("\n  logs         ").append(settings.dataDir().resolve("logs"))
                .append("\n  Ctrl-C stops everything.\n");
        LOG.info("platform up:{}", text);
    }

    static Path platformHome() {
        try {
            return Path.of(PlatformMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new PlatformException("cannot locate the platform jar", e);
        }
    }

    private static URI uri(String value) {
        return URI.create(value);
    }

    static String toJson(Map<String, ?> map) {
        return map.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof Map<?, ?> m ? toJson(cast(m))
                        : e.getValue() instanceof Number ? e.getValue().toString() : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        StaleProcesses.stopStalePostmaster(dir.resolve("postgres"));
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new PlatformException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("data directory {} cleared", dir);
    }
}
