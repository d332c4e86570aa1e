package org.ordersaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ordersaga.bench.compare.FinalStateWatcher;
import org.ordersaga.contracts.Topics;
import org.ordersaga.testsupport.PlatformProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 12's overload run: a warm-up at half the highest sustainable rate, a burst at twice it, then half of it
 * again, open loop (latencies from each order's due instant). Prints what each phase offered, what the stack accepted
 * and refused (503: back-pressure at the edge), how every accepted saga ended, how many commands the orchestrator
 * re-sent after a deadline (a re-send storm is the failure this run looks for), and how long after the burst the
 * saga p99 was back to normal (the warm-up's p99, with {@code --normal-slack}).
 */
@Command(name = "overload", description = "Warm-up at half the sustainable rate, a burst at twice it, recovery at half:"
        + " accepted/refused orders, final states, re-sent commands, time until p99 is normal again.")
final class OverloadBenchmark implements Callable<Integer> {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--sustainable", paramLabel = "N",
            description = "The stack's highest sustainable rate, orders/s: the burst is twice it, warm-up and recovery "
                    + "half (default: ${DEFAULT-VALUE}).")
    int sustainable = 30;

    @Option(names = "--warm-up", paramLabel = "S", description = "Seconds of warm-up (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds = 40;

    @Option(names = "--burst", paramLabel = "S", description = "Seconds of burst (default: ${DEFAULT-VALUE}).")
    int burstSeconds = 60;

    @Option(names = "--recovery", paramLabel = "S", description = "Seconds of recovery (default: ${DEFAULT-VALUE}).")
    int recoverySeconds = 60;

    @Option(names = "--drain", paramLabel = "S",
            description = "Seconds to wait afterwards for the sagas to finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds = 180;

    @Option(names = "--window", paramLabel = "S",
            description = "Width of the windows of the recovery's p99 timeline, by due time (default: "
                    + "${DEFAULT-VALUE}).")
    int windowSeconds = 5;

    @Option(names = "--normal-slack", paramLabel = "F",
            description = "A window's p99 counts as normal up to this factor of the warm-up's p99 (default: "
                    + "${DEFAULT-VALUE}).")
    double normalSlack = 1.5;

    @Option(names = "--order-url", paramLabel = "URL",
            description = "Use a running stack: order-service's base URL (default: start a fresh stack).")
    String orderUrl;

    @Option(names = "--orchestrator-url", paramLabel = "URL",
            description = "The running stack's saga-orchestrator (default: ${DEFAULT-VALUE}).")
    String orchestratorUrl = "http://localhost:8086";

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "The running stack's Kafka (default: ${DEFAULT-VALUE}).")
    String kafka = "localhost:19092";

    enum Phase { WARM_UP, BURST, RECOVERY }

    /** An order sent: its phase, its due instant and its answer to come. */
    record Sent(Phase phase, long dueAt, CompletableFuture<HttpResponse<String>> answer) {
    }

    /** An order the stack accepted. */
    record Accepted(Phase phase, long dueAt, String orderId) {
    }

    @Override
    public Integer call() throws Exception {
        if (orderUrl != null) {
            run(orderUrl, orchestratorUrl, kafka);
            return 0;
        }
        System.out.println("overload: starting a fresh stack (up, no Zipkin) in bench/target/bench-overload");
        try (PlatformProcess platform = PlatformProcess.start(Path.of("bench", "target", "bench-overload")
                .toAbsolutePath(), List.of("up", "--clean", "--no-zipkin", "--pg-port", "0", "--kafka-port", "0"))) {
            run(platform.serviceUrl("order"), platform.serviceUrl("orchestrator"), platform.kafkaBootstrap());
        }
        return 0;
    }

    private void run(String orders, String orchestrator, String kafkaBootstrap) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (FinalStateWatcher replies = new FinalStateWatcher(kafkaBootstrap);
             KafkaConsumer<String, String> offsets = new KafkaConsumer<>(
                     Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap),
                     new StringDeserializer(), new StringDeserializer())) {
            SagaLoadBenchmark.warmUp(http, orders);
            String countersBefore = text(http, orchestrator + "/q/metrics");
            long commandsBefore = commandsWritten(offsets);

            List<Sent> sent = send(http, orders);
            List<Accepted> accepted = new ArrayList<>();
            Map<Phase, int[]> answers = new LinkedHashMap<>(); // accepted, refused, errors
            for (Phase phase : Phase.values()) {
                answers.put(phase, new int[3]);
            }
            for (Sent order : sent) {
                int[] counts = answers.get(order.phase());
                try {
                    HttpResponse<String> response = order.answer().get(60, TimeUnit.SECONDS);
                    Matcher id = ORDER_ID.matcher(response.body());
                    if (response.statusCode() == 202 && id.find()) {
                        counts[0]++;
                        accepted.add(new Accepted(order.phase(), order.dueAt(), id.group(1)));
                    } else if (response.statusCode() == 503) {
                        counts[1]++;
                    } else {
                        counts[2]++;
                    }
                } catch (Exception e) {
                    counts[2]++;
                }
            }
            Map<String, Long> doneAt = replies.doneTimes();
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            while (System.nanoTime() < drainUntil
                    && !accepted.stream().allMatch(order -> doneAt.containsKey(order.orderId()))) {
                Thread.sleep(200);
            }
            // the orchestrator's counters move once the transaction that ended a saga committed
            Thread.sleep(2_000);
            String countersAfter = text(http, orchestrator + "/q/metrics");
            long commands = commandsWritten(offsets) - commandsBefore;
            report(sent, answers, accepted, doneAt, replies.finalTimes(), countersBefore, countersAfter, commands);
        }
    }

    /** Every order of the three phases at its due instant, open loop. */
    private List<Sent> send(HttpClient http, String orders) {
        List<Sent> sent = new ArrayList<>();
        long start = System.nanoTime();
        long phaseStart = start;
        for (Phase phase : Phase.values()) {
            int rate = rate(phase);
            int count = rate * seconds(phase);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int i = 0; i < count; i++) {
                long due = phaseStart + i * interval;
                LockSupport.parkNanos(due - System.nanoTime());
                sent.add(new Sent(phase, due, http.sendAsync(SagaLoadBenchmark.order(orders, false),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))));
            }
            phaseStart += TimeUnit.SECONDS.toNanos(seconds(phase));
            System.out.printf(Locale.ROOT, "overload: %s sent (%d orders at %d/s)%n", phase, count, rate);
        }
        return sent;
    }

    private void report(List<Sent> sent, Map<Phase, int[]> answers, List<Accepted> accepted, Map<String, Long> doneAt,
                        Map<String, Long> finalAt, String before, String after, long commands) {
        long start = sent.get(0).dueAt();
        long burstEnd = start + TimeUnit.SECONDS.toNanos(warmUpSeconds + burstSeconds);
        System.out.println();
        System.out.println("| phase | orders/s | offered | accepted | refused (503) | errors | sagas done | saga p50 ms "
                + "| saga p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Phase phase : Phase.values()) {
            int[] counts = answers.get(phase);
            LatencyHistogram latency = latencies(accepted.stream().filter(o -> o.phase() == phase).toList(), doneAt);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.0f | %.0f |%n", phase, rate(phase),
                    rate(phase) * seconds(phase), counts[0], counts[1], counts[2], latency.count(),
                    latency.percentileMs(50), latency.percentileMs(99));
        }

        long notFinal = accepted.stream().filter(o -> !finalAt.containsKey(o.orderId())).count();
        long notDone = accepted.stream().filter(o -> !doneAt.containsKey(o.orderId())).count();
        double resent = delta(before, after, "saga_commands_resent_total");
        System.out.println();
        System.out.printf(Locale.ROOT, "overload: sagas started %.0f, completed %.0f, rejected %.0f, stuck %.0f, "
                        + "compensation failed %.0f (every order here is one that should be approved)%n",
                delta(before, after, "sagas_started_total"), delta(before, after, "sagas_completed_total"),
                delta(before, after, "sagas_rejected_total"), delta(before, after, "sagas_stuck_total"),
                delta(before, after, "sagas_compensation_failed_total"));
        System.out.printf(Locale.ROOT, "overload: accepted orders not final %d, sagas not done %d after a %d s drain%n",
                notFinal, notDone, drainSeconds);
        System.out.printf(Locale.ROOT, "overload: commands written %d, re-sent after a deadline %.0f (%.2f %%), "
                        + "deadlines held because the command or its reply was queued %.0f%n", commands, resent,
                100.0 * resent / Math.max(1, commands), delta(before, after, "saga_deadlines_held_total"));

        long warmUpHalf = start + TimeUnit.SECONDS.toNanos(warmUpSeconds) / 2;
        LatencyHistogram normal = latencies(accepted.stream().filter(o -> o.phase() == Phase.WARM_UP
                && o.dueAt() >= warmUpHalf).toList(), doneAt);
        double normalP99 = normal.percentileMs(99);
        double bound = normalP99 * normalSlack;
        System.out.printf(Locale.ROOT, "overload: normal saga p99 (warm-up's second half) %.0f ms; normal up to "
                + "%.0f ms%n", normalP99, bound);
        System.out.println("| recovery window (s after the burst, by due time) | sagas | done | p99 ms |");
        System.out.println("|---|---|---|---|");
        List<Double> p99s = new ArrayList<>();
        List<Accepted> recovery = accepted.stream().filter(o -> o.phase() == Phase.RECOVERY).toList();
        long window = TimeUnit.SECONDS.toNanos(windowSeconds);
        for (long from = burstEnd; from < burstEnd + TimeUnit.SECONDS.toNanos(recoverySeconds); from += window) {
            long since = from;
            List<Accepted> in = recovery.stream().filter(o -> o.dueAt() >= since && o.dueAt() < since + window)
                    .toList();
            LatencyHistogram latency = latencies(in, doneAt);
            // an order not done counts as not normal
            double p99 = latency.count() < in.size() ? Double.POSITIVE_INFINITY : latency.percentileMs(99);
            p99s.add(p99);
            System.out.printf(Locale.ROOT, "| %d-%d | %d | %d | %.0f |%n", (from - burstEnd) / 1_000_000_000L,
                    (from - burstEnd + window) / 1_000_000_000L, in.size(), latency.count(), p99);
        }
        int firstNormal = Recovery.firstNormalFromOn(p99s, bound);
        if (firstNormal == p99s.size()) {
            System.out.printf(Locale.ROOT, "overload: saga p99 not normal again within the %d s of recovery%n",
                    recoverySeconds);
        } else {
            System.out.printf(Locale.ROOT, "overload: saga p99 normal again %d s after the burst ended (and stayed)%n",
                    firstNormal * windowSeconds);
        }
    }

    private int rate(Phase phase) {
        return phase == Phase.BURST ? 2 * sustainable : Math.max(1, sustainable / 2);
    }

    private int seconds(Phase phase) {
        return switch (phase) {
            case WARM_UP -> warmUpSeconds;
            case BURST -> burstSeconds;
            case RECOVERY -> recoverySeconds;
        };
    }

    private static LatencyHistogram latencies(List<Accepted> orders, Map<String, Long> doneAt) {
        LatencyHistogram latency = new LatencyHistogram();
        orders.forEach(order -> {
            Long done = doneAt.get(order.orderId());
            if (done != null) {
                latency.recordNanos(done - order.dueAt());
            }
        });
        return latency;
    }

    private static long commandsWritten(KafkaConsumer<String, String> offsets) {
        List<TopicPartition> partitions = Topics.COMMANDS.stream().flatMap(topic -> offsets.partitionsFor(topic)
                .stream().map(p -> new TopicPartition(p.topic(), p.partition()))).toList();
        return offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    private static double delta(String before, String after, String metric) {
        return PrometheusText.sum(after, metric) - PrometheusText.sum(before, metric);
    }

    private static String text(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
