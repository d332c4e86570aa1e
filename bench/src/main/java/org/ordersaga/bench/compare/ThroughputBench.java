package org.ordersaga.bench.compare;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.SerializationFeature;

import org.ordersaga.bench.CdcLatencyBenchmark;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * {@code bench.jar throughput}: async mode without faults, the arrival rate stepped up until the completion p99 passes
 * the goal (500 ms) or orders stop completing; reports the highest rate that met it, with its accept latency and the
 * CDC hop (commit → consumer) measured meanwhile by outbox rows committed into order_db beside the load.
 */
public final class ThroughputBench {
    static final double COMPLETION_P99_GOAL_MS = 500;

    public static final String USAGE = """
              throughput  async mode: the highest arrival rate with completion p99 <= 500 ms, CDC hop and accept latency
                          --start-rate N (2)  --step N (default: double the rate)  --max-rate N (400)  --step-seconds S (20)
                          --drain-seconds S (30)  --cdc-rate N per second (20)  --out DIR (bench/target/report)
                          --warm-up-seconds S (60)  --warm-up-rate N (10: unreported load before the first step)
                          --service-port-offset N  --data-dir DIR  |  --order-url URL --kafka HOST:PORT --jdbc-url URL
            """;

    /** One step of the ramp. */
    public record Step(int rate, double completedPerSecond, double completedPercent, int inconsistent,
            RunResult.Latency acceptLatencyMs, RunResult.Latency completionLatencyMs, RunResult.Latency cdcHopMs,
            boolean meetsGoal) {
    }

    public record ThroughputReport(double completionP99GoalMs, Step best, List<Step> steps) {
    }

    private ThroughputBench() {
    }

    public static ThroughputReport run(PrintStream progress, String... arguments) throws Exception {
        Args args = Args.parse(arguments, Set.of());
        StackEndpoints running = args.values().containsKey("order-url") ? StackEndpoints.fromArgs(args) : null;
        Integer offset = args.values().containsKey("service-port-offset")
                ? args.integer("service-port-offset", 0) : null;
        Path dataDir = args.values().containsKey("data-dir") ? Path.of(args.values().get("data-dir")).toAbsolutePath()
                : PlatformProcess.projectRoot().resolve("bench/target/bench-throughput");
        Path out = args.values().containsKey("out") ? Path.of(args.values().get("out")).toAbsolutePath()
                : PlatformProcess.projectRoot().resolve("bench/target/report");
        int stepSeconds = args.integer("step-seconds", 20);
        int cdcRate = args.integer("cdc-rate", 20);
        LoadRun.Window window = new LoadRun.Window(stepSeconds, 0, 0, args.integer("drain-seconds", 30));
        try (ComparisonBench.Stack stack = ComparisonBench.Stack.open(running, offset, dataDir, progress);
             FinalStateWatcher watcher = new FinalStateWatcher(stack.endpoints().kafkaBootstrap());
             Connection orderDb = DriverManager.getConnection(stack.endpoints().orderDbJdbcUrl(), "order_service",
                     "order_service")) {
            LoadRun load = new LoadRun(new StackClient(stack.endpoints()), watcher, progress);
            load.warmUp(Mode.ASYNC, args.integer("warm-up-rate", 10), args.integer("warm-up-seconds", 60),
                    window.drainSeconds());
            List<Step> steps = new ArrayList<>();
            Step best = null;
            // Without --step the rate doubles: the search spans 2..400/s in a few steps whatever the machine does.
            boolean doubling = !args.values().containsKey("step");
            for (int rate = args.integer("start-rate", 2); rate <= args.integer("max-rate", 400);
                    rate = doubling ? rate * 2 : rate + args.integer("step", 25)) {
                Step step = step(load, rate, window, orderDb, stack.endpoints().kafkaBootstrap(), cdcRate);
                steps.add(step);
                progress.printf(Locale.ROOT, "throughput: %d/s -> %.1f completed/s, completion p99 %.0f ms, accept p99 "
                        + "%.1f ms, CDC hop p50 %.1f / p99 %.1f ms: %s%n", rate, step.completedPerSecond(),
                        step.completionLatencyMs().p99(), step.acceptLatencyMs().p99(), step.cdcHopMs().p50(),
                        step.cdcHopMs().p99(), step.meetsGoal() ? "meets the goal" : "misses the goal");
                if (!step.meetsGoal()) {
                    break;
                }
                best = step;
            }
            ThroughputReport report = new ThroughputReport(COMPLETION_P99_GOAL_MS, best, steps);
            Files.createDirectories(out);
            StackClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("throughput.json").toFile(), report);
            progress.println(best == null ? "throughput: no rate met the goal"
                    : String.format(Locale.ROOT, "throughput: highest rate meeting completion p99 <= %.0f ms: %d/s "
                            + "(%.1f completed/s); accept p50 %.1f / p99 %.1f ms; CDC hop p50 %.1f / p99 %.1f ms",
                            COMPLETION_P99_GOAL_MS, best.rate(), best.completedPerSecond(), best.acceptLatencyMs().p50(),
                            best.acceptLatencyMs().p99(), best.cdcHopMs().p50(), best.cdcHopMs().p99()));
            return report;
        }
    }

    private static Step step(LoadRun load, int rate, LoadRun.Window window, Connection orderDb, String kafka,
            int cdcRate) throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = CdcLatencyBenchmark.startConsumer(kafka, receivedAt, consuming);
        Thread probe = new Thread(() -> {
            try {
                CdcLatencyBenchmark.write(orderDb, cdcRate * window.loadSeconds(), cdcRate, committedAt);
            } catch (Exception e) {
                throw new IllegalStateException("CDC probe failed", e);
            }
        }, "bench-cdc-probe");
        probe.start();
        RunResult run = load.run(Scenario.BASELINE, Mode.ASYNC, rate, window);
        probe.join();
        consuming.set(false);
        consumer.join(5_000);
        double[] hops = committedAt.entrySet().stream().filter(e -> receivedAt.containsKey(e.getKey()))
                .mapToDouble(e -> (receivedAt.get(e.getKey()) - e.getValue()) / 1e6).toArray();
        boolean meets = run.completedPercent() >= 99.9 && run.inconsistent() == 0
                && run.completionLatencyMs().p99() <= COMPLETION_P99_GOAL_MS;
        return new Step(rate, run.completed() / run.loadSeconds(), run.completedPercent(), run.inconsistent(),
                run.acceptLatencyMs(), run.completionLatencyMs(), RunResult.Latency.of(hops), meets);
    }
}
