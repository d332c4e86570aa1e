package org.ordersaga.bench.compare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ordersaga.bench.StackCpu;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * {@code bench.jar compare} (and {@code chaos}): every scenario in every mode, one after the other on one stack, each
 * with the same offered load and the same fault window, then the report. Starts a fresh local stack (no Zipkin) unless
 * given a running one.
 */
public final class ComparisonBench {

    private ComparisonBench() {
    }

    /** Runs the comparison and writes the report; returns the report directory. */
    public static Path run(CompareSettings settings, PrintStream progress) throws Exception {
        try (Stack stack = Stack.open(settings.runningStack(), settings.stackPid(), settings.servicePortOffset(),
                settings.dataDir(), progress);
             FinalStateWatcher watcher = new FinalStateWatcher(stack.endpoints().kafkaBootstrap())) {
            StackClient client = new StackClient(stack.endpoints(), settings.operatorCredentials(),
                    stack.cpu().launcherPid());
            clearAllFaults(client);
            LoadRun load = new LoadRun(client, watcher, stack.cpu(), progress);
            for (Mode mode : settings.modes()) {
                load.warmUp(mode, settings.rate(), settings.warmUpSeconds(), settings.drainSeconds());
            }
            LoadRun.Window window = new LoadRun.Window(settings.scenarioSeconds(), settings.faultStartSeconds(),
                    settings.faultSeconds(), settings.drainSeconds());
            List<RunResult> runs = new ArrayList<>();
            try {
                for (Scenario scenario : settings.scenarios()) {
                    if (scenario == Scenario.MIXED) {
                        runs.addAll(mixed(client, load, settings, window));
                        continue;
                    }
                    for (Mode mode : settings.modes()) {
                        runs.add(load.run(scenario, mode, settings.rate(), window));
                    }
                }
            } catch (Exception e) {
                // An hour of runs is not lost to the one that failed: their report is written, then the failure told.
                if (!runs.isEmpty()) {
                    progress.println("compare: a run failed (" + e + "); the report holds the " + runs.size()
                            + " runs done before it");
                    writeReport(settings, runs, progress);
                }
                throw e;
            }
            writeReport(settings, runs, progress);
            return settings.out();
        }
    }

    private static void writeReport(CompareSettings settings, List<RunResult> runs, PrintStream progress)
            throws Exception {
        ComparisonReport report = new ComparisonReport(Instant.now().toString(), settings.shortRun(),
                settings.rate(), settings.warmUpSeconds(), settings.scenarioSeconds(), settings.faultStartSeconds(),
                settings.faultSeconds(), settings.drainSeconds(), runs);
        ReportWriter.write(report, settings.out());
        progress.println("compare: report in " + settings.out().resolve("report.html"));
        progress.print(ReportWriter.markdown(report));
    }

    /**
     * Both modes on one deployment at once, with order-service's rollout switch at the mixed share (whatever
     * {@code --modes} says: the scenario is the two together); the share goes back to the configured one after.
     */
    private static List<RunResult> mixed(StackClient client, LoadRun load, CompareSettings settings,
            LoadRun.Window window) throws Exception {
        client.setSagaShare(settings.mixedSagaSharePercent(), "bench compare: mixed scenario");
        try {
            return load.runMixed(Scenario.MIXED, settings.mixedSagaSharePercent(), settings.rate(), window);
        } finally {
            client.resetSagaShare();
        }
    }

    private static void clearAllFaults(StackClient client) {
        for (String service : List.of("inventory", "payment", "fulfillment", "notification")) {
            client.clearFaults(service);
        }
    }

    /**
     * The stack under test: a fresh one of the bench's own (closed at the end), or a running one (left alone); and its
     * processes, whose CPU is measured.
     */
    record Stack(StackEndpoints endpoints, PlatformProcess platform, StackCpu cpu) implements AutoCloseable {

        static Stack open(StackEndpoints running, Long stackPid, Integer servicePortOffset, Path dataDir,
                PrintStream progress) {
            if (running != null) {
                return withCpu(running, null, stackPid, progress);
            }
            List<String> options = new ArrayList<>(List.of("up", "--clean", "--no-zipkin", "--pg-port", "0",
                    "--kafka-port", "0"));
            if (servicePortOffset != null) {
                options.addAll(List.of("--service-port-offset", String.valueOf(servicePortOffset)));
            }
            progress.println("bench: starting a fresh stack (" + String.join(" ", options) + ") in " + dataDir);
            PlatformProcess platform = PlatformProcess.start(dataDir, options);
            Map<String, String> urls = new java.util.HashMap<>();
            for (String service : StackEndpoints.SERVICES) {
                urls.put(service, platform.serviceUrl(service));
            }
            return withCpu(new StackEndpoints(urls, platform.kafkaBootstrap(), platform.jdbcUrl("order_db")), platform,
                    stackPid, progress);
        }

        private static Stack withCpu(StackEndpoints endpoints, PlatformProcess platform, Long stackPid,
                PrintStream progress) {
            StackCpu cpu = StackCpu.locate(stackPid, endpoints.orderDbJdbcUrl());
            progress.println("bench: CPU " + cpu.description());
            return new Stack(endpoints, platform, cpu);
        }

        /**
         * Stops the fresh stack, and first the services the bench started again (they are not the launcher's
         * children); a running stack keeps them, and the bench says which they are.
         */
        @Override
        public void close() {
            if (platform != null) {
                ServiceProcess.stopRestarted();
                platform.close();
            } else if (!ServiceProcess.restartedPids().isEmpty()) {
                System.out.println("bench: services started again by the bench keep running outside the launcher "
                        + "(pids " + ServiceProcess.restartedPids() + "); stop them with kill after the stack");
            }
        }
    }
}
