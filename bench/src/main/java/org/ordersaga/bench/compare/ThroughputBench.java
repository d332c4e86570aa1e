package org.ordersaga.bench.compare;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.SerializationFeature;

import org.ordersaga.bench.CdcLatencyBenchmark;
import org.ordersaga.bench.CpuPerOrder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench.jar throughput}: each mode without faults, the arrival rate stepped up until the completion p99 passes
 * the goal (500 ms), orders stop completing or an inconsistency shows; reports each mode's highest rate that met it,
 * with its accept latency, its CPU per completed order and the CDC hop (commit → consumer) measured meanwhile by
 * outbox rows committed into order_db beside the load.
 */
@Command(name = "throughput", description = "Each mode's highest arrival rate with completion p99 <= 500 ms, with "
        + "accept latency, CPU per completed order and the CDC hop; writes throughput.json.")
public final class ThroughputBench implements Callable<Integer> {
    static final double COMPLETION_P99_GOAL_MS = 500;

    @Option(names = "--modes", split = ",", converter = Mode.FromId.class, defaultValue = "sync,async",
            paramLabel = "sync,async", hideParamSyntax = true, description = "Modes to ramp, one after the other (default: both).")
    List<Mode> modes;

    @Option(names = "--start-rate", paramLabel = "N",
            description = "First step's orders per second (default: ${DEFAULT-VALUE}).")
    int startRate = 2;

    @Option(names = "--step", paramLabel = "N",
            description = "Orders per second added per step (default: double the rate).")
    Integer rateIncrement;

    @Option(names = "--max-rate", paramLabel = "N", description = "Highest rate tried (default: ${DEFAULT-VALUE}).")
    int maxRate = 400;

    @Option(names = "--step-seconds", paramLabel = "S", description = "Load per step (default: ${DEFAULT-VALUE}).")
    int stepSeconds = 20;

    @Option(names = "--drain-seconds", paramLabel = "S",
            description = "Longest wait after a step for its orders to be final (default: ${DEFAULT-VALUE}).")
    int drainSeconds = 30;

    @Option(names = "--cdc-rate", paramLabel = "N",
            description = "Outbox rows per second of the CDC probe (default: ${DEFAULT-VALUE}).")
    int cdcRate = 20;

    @Option(names = "--warm-up-seconds", paramLabel = "S",
            description = "Unreported load per mode before the first step (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds = 60;

    @Option(names = "--warm-up-rate", paramLabel = "N",
            description = "Orders per second of the warm-up (default: ${DEFAULT-VALUE}).")
    int warmUpRate = 10;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where throughput.json goes (default: bench/target/report).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Own stack's data (default: bench/target/bench-throughput).")
    Path dataDir;

    @Mixin
    StackOptions stackOptions;

    /** One step of a ramp. */
    public record Step(int rate, double completedPerSecond, double acceptedPercent, double completedPercent,
            int inconsistent, RunResult.Latency acceptLatencyMs, RunResult.Latency completionLatencyMs,
            RunResult.Latency cdcHopMs, CpuPerOrder cpuPerOrder, boolean meetsGoal) {
    }

    /** One mode's ramp: its steps, and the highest rate that met the goal (null when none did). */
    public record Ramp(String mode, Step best, List<Step> steps) {
    }

    public record ThroughputReport(double completionP99GoalMs, List<Ramp> ramps) {
    }

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    private void run(PrintStream progress) throws Exception {
        LoadRun.Window window = new LoadRun.Window(stepSeconds, 0, 0, drainSeconds);
        Path reportDir = CompareCommand.inProject(out, "bench/target/report");
        try (ComparisonBench.Stack stack = ComparisonBench.Stack.open(stackOptions.runningStack(),
                stackOptions.stackPid, stackOptions.servicePortOffset,
                CompareCommand.inProject(dataDir, "bench/target/bench-throughput"), progress);
             FinalStateWatcher watcher = new FinalStateWatcher(stack.endpoints().kafkaBootstrap());
             Connection orderDb = DriverManager.getConnection(stack.endpoints().orderDbJdbcUrl(), "order_service",
                     "order_service")) {
            // Sets no fault and no share: the dev operator is never used.
            LoadRun load = new LoadRun(new StackClient(stack.endpoints(), CompareCommand.DEV_OPERATOR), watcher,
                    stack.cpu(), progress);
            for (Mode mode : modes) {
                load.warmUp(mode, warmUpRate, warmUpSeconds, drainSeconds);
            }
            List<Ramp> ramps = new ArrayList<>();
            for (Mode mode : modes) {
                ramps.add(ramp(mode, load, window, orderDb, stack.endpoints().kafkaBootstrap(), progress));
            }
            ThroughputReport report = new ThroughputReport(COMPLETION_P99_GOAL_MS, ramps);
            Files.createDirectories(reportDir);
            StackClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(reportDir.resolve("throughput.json").toFile(), report);
            Map<String, CpuPerOrder> cpuAtBest = new LinkedHashMap<>();
            for (Ramp ramp : ramps) {
                Step best = ramp.best();
                progress.println(best == null ? "throughput: " + ramp.mode() + ": no rate met the goal"
                        : String.format(Locale.ROOT, "throughput: %s: highest rate meeting completion p99 <= %.0f ms: "
                                + "%d/s (%.1f completed/s); accept p50 %.1f / p99 %.1f ms; CDC hop p50 %.1f / p99 "
                                + "%.1f ms", ramp.mode(), COMPLETION_P99_GOAL_MS, best.rate(),
                                best.completedPerSecond(), best.acceptLatencyMs().p50(), best.acceptLatencyMs().p99(),
                                best.cdcHopMs().p50(), best.cdcHopMs().p99()));
                if (best != null) {
                    cpuAtBest.put(ramp.mode() + " at " + best.rate() + "/s", best.cpuPerOrder());
                }
            }
            if (!cpuAtBest.isEmpty()) {
                progress.print("throughput: CPU per completed order at each mode's highest rate (load, CDC probe "
                        + "and drain):\n" + CpuPerOrder.table(cpuAtBest));
            }
        }
    }

    private Ramp ramp(Mode mode, LoadRun load, LoadRun.Window window, Connection orderDb, String kafka,
            PrintStream progress) throws Exception {
        List<Step> steps = new ArrayList<>();
        Step best = null;
        // Without --step the rate doubles: the search spans 2..400/s in a few steps whatever the machine does.
        for (int rate = startRate; rate <= maxRate; rate = rateIncrement == null ? rate * 2 : rate + rateIncrement) {
            Step step = step(mode, load, rate, window, orderDb, kafka);
            steps.add(step);
            progress.printf(Locale.ROOT, "throughput: %s %d/s -> %.1f completed/s, completion p99 %.0f ms, accept p99 "
                    + "%.1f ms, CDC hop p50 %.1f / p99 %.1f ms, CPU per completed order %s: %s%n", mode.id(), rate,
                    step.completedPerSecond(), step.completionLatencyMs().p99(), step.acceptLatencyMs().p99(),
                    step.cdcHopMs().p50(), step.cdcHopMs().p99(), step.cpuPerOrder().oneLine(),
                    step.meetsGoal() ? "meets the goal" : "misses the goal");
            if (!step.meetsGoal()) {
                break;
            }
            best = step;
        }
        return new Ramp(mode.id(), best, steps);
    }

    /**
     * One step in one mode. The goal is the same for both: every order accepted and completed (99.9 %; a sync order
     * answered 502 is not, even when the recovery sweep decides it later), none inconsistent, completion p99 within
     * the goal.
     */
    private Step step(Mode mode, LoadRun load, int rate, LoadRun.Window window, Connection orderDb, String kafka)
            throws Exception {
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
        RunResult run = load.run(Scenario.BASELINE, mode, rate, window);
        probe.join();
        consuming.set(false);
        consumer.join(5_000);
        boolean meets = run.acceptedPercent() >= 99.9 && run.completedPercent() >= 99.9 && run.inconsistent() == 0
                && run.completionLatencyMs().p99() <= COMPLETION_P99_GOAL_MS;
        return new Step(rate, run.completed() / run.loadSeconds(), run.acceptedPercent(), run.completedPercent(),
                run.inconsistent(), run.acceptLatencyMs(), run.completionLatencyMs(),
                RunResult.Latency.of(CdcLatencyBenchmark.latencies(committedAt, receivedAt)), run.cpuPerOrder(), meets);
    }
}
