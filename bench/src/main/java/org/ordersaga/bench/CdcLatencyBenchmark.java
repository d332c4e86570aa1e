package org.ordersaga.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ordersaga.testsupport.PlatformProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Commit → consumer latency of the outbox path: rows are committed at a fixed rate into order_db's outbox (as the
 * order service's role, with the chassis' own schema); a Kafka consumer notes when each arrives. Both clocks are this
 * process's monotonic clock. Runs against a fresh local platform (infra only) of its own.
 *
 * <p>The measured events follow a warm-up at the same rate. A freshly started relay is slow for its first seconds of
 * load (p99 ten times the steady state on two cores; most likely the JVM's own start-up work, compilation above all,
 * competing for the cores). The warm-up's figures are printed too, not hidden.
 */
@Command(name = "cdc", description = "Commit -> consumer latency of the outbox path (PostgreSQL -> Debezium relay -> "
        + "Kafka) on a fresh platform (infra) of its own.")
public final class CdcLatencyBenchmark implements Callable<Integer> {
    private static final String TOPIC = "bench-cdc";

    @Option(names = "--events", paramLabel = "N", description = "Measured events (default: ${DEFAULT-VALUE}).")
    int events = 1000;

    @Option(names = "--rate", paramLabel = "N",
            description = "Events committed per second (default: ${DEFAULT-VALUE}).")
    int rate = 200;

    @Option(names = "--warm-up-seconds", paramLabel = "S",
            description = "Seconds of events at the same rate before, not counted (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds = 10;

    /** Exit code 1 when events were lost. */
    @Override
    public Integer call() throws Exception {
        int warmUpEvents = warmUpSeconds * rate;
        Path dataDir = Path.of("bench", "target", "bench-cdc").toAbsolutePath();
        System.out.printf("cdc: starting a fresh platform (infra) in %s%n", dataDir);
        try (PlatformProcess platform = PlatformProcess.start(dataDir,
                List.of("infra", "--clean", "--pg-port", "0", "--kafka-port", "0"));
             Connection db = DriverManager.getConnection(platform.jdbcUrl("order_db"), "order_service", "order_service")) {
            applyChassisSchema(db);
            Map<String, Long> committedAt = new ConcurrentHashMap<>();
            Map<String, Long> receivedAt = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread consumer = startConsumer(platform.kafkaBootstrap(), receivedAt, running);

            System.out.printf("cdc: warm-up %d s (%d events), then %d measured events, all at %d/s%n", warmUpSeconds,
                    warmUpEvents, events, rate);
            Map<String, Long> warmUpCommittedAt = new ConcurrentHashMap<>();
            write(db, warmUpEvents, rate, warmUpCommittedAt);
            awaitArrivals(receivedAt, warmUpEvents, Duration.ofSeconds(60));
            if (warmUpEvents > 0) {
                System.out.printf("cdc: warm-up latency (not counted) %s%n",
                        latencies(warmUpCommittedAt, receivedAt).summary());
            }
            receivedAt.clear();

            long start = System.nanoTime();
            write(db, events, rate, committedAt);
            awaitArrivals(receivedAt, events, Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            consumer.join(5_000);

            LatencyHistogram latency = latencies(committedAt, receivedAt);
            System.out.printf("cdc: %d committed, %d received in %.1f s (%.0f events/s)%n", committedAt.size(),
                    latency.count(), seconds, latency.count() / seconds);
            System.out.printf("cdc: commit -> consumer latency %s%n", latency.summary());
            if (latency.count() < events) {
                System.out.printf("cdc: LOST %d events%n", events - latency.count());
                return 1;
            }
            return 0;
        }
    }

    /** Commit -> consumer latency of every row that arrived. */
    public static LatencyHistogram latencies(Map<String, Long> committedAt, Map<String, Long> receivedAt) {
        LatencyHistogram latency = new LatencyHistogram();
        committedAt.forEach((id, committed) -> {
            Long received = receivedAt.get(id);
            if (received != null) {
                latency.recordNanos(received - committed);
            }
        });
        return latency;
    }

    private static void applyChassisSchema(Connection db) throws Exception {
        Path migration = PlatformProcess.projectRoot()
                .resolve("chassis/src/main/resources/db/chassis/V1.0.0__outbox_and_inbox.sql");
        try (Statement sql = db.createStatement()) {
            sql.execute(Files.readString(migration));
        }
    }

    /** Commits {@code count} outbox rows to the bench topic at {@code perSecond}, noting each commit time by row id. */
    public static void write(Connection db, int count, int perSecond, Map<String, Long> committedAt)
            throws Exception {
        OpenLoopSchedule schedule = OpenLoopSchedule.startingNow(perSecond);
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("insert into outbox.outbox_event "
                + "(id, aggregatetype, aggregateid, type, payload) values (?, ?, ?, 'BenchEvent', ?::jsonb)")) {
            for (int i = 0; i < count; i++) {
                schedule.awaitTurn(i);
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, TOPIC);
                insert.setString(3, id.toString());
                insert.setString(4, "{\"i\": " + i + "}");
                insert.executeUpdate();
                db.commit();
                committedAt.put(id.toString(), System.nanoTime());
            }
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Notes the arrival time of every bench-topic record by row id until {@code running} turns false. */
    public static Thread startConsumer(String bootstrap, Map<String, Long> receivedAt, AtomicBoolean running)
            throws InterruptedException {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-cdc-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new StringDeserializer(), new StringDeserializer());
        AtomicBoolean assigned = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try (consumer) {
                consumer.subscribe(List.of(TOPIC));
                while (running.get()) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    records.forEach(r -> {
                        Header id = r.headers().lastHeader("id");
                        if (id != null) {
                            receivedAt.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), now);
                        }
                    });
                    if (!consumer.assignment().isEmpty()) {
                        assigned.set(true);
                    }
                }
            }
        }, "bench-consumer");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!assigned.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return thread;
    }

    private static void awaitArrivals(Map<String, Long> receivedAt, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receivedAt.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
