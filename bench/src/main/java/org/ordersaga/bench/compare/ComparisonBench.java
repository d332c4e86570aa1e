package org.ordersaga.bench.compare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ordersaga.testsupport.PlatformProcess;

/**
 * {@code bench.jar compare}: every scenario in every mode, one after the other on one stack, each with the same offered
 * load and the same fault window, then the report. Starts a fresh local stack (no Zipkin) unless given a running one.
 */
public final class ComparisonBench {

    private ComparisonBench() {
    }

    /** Runs the comparison and writes the report; returns the report directory. */
    public static Path run(CompareSettings settings, PrintStream progress) throws Exception {
        try (Stack stack = Stack.open(settings.runningStack(), settings.servicePortOffset(), settings.dataDir(), progress);
             FinalStateWatcher watcher = new FinalStateWatcher(stack.endpoints().kafkaBootstrap())) {
            StackClient client = new StackClient(stack.endpoints());
            clearAllFaults(client);
            LoadRun load = new LoadRun(client, watcher, progress);
            for (Mode mode : settings.modes()) {
                load.warmUp(mode, settings.rate(), settings.warmUpSeconds(), settings.drainSeconds());
            }
            LoadRun.Window window = new LoadRun.Window(settings.scenarioSeconds(), settings.faultStartSeconds(),
                    settings.faultSeconds(), settings.drainSeconds());
            List<RunResult> runs = new ArrayList<>();
            for (Scenario scenario : settings.scenarios()) {
                for (Mode mode : settings.modes()) {
                    runs.add(load.run(scenario, mode, settings.rate(), window));
                }
            }
            ComparisonReport report = new ComparisonReport(Instant.now().toString(), settings.shortRun(),
                    settings.rate(), settings.warmUpSeconds(), settings.scenarioSeconds(), settings.faultStartSeconds(),
                    settings.faultSeconds(), settings.drainSeconds(), runs);
            ReportWriter.write(report, settings.out());
            progress.println("compare: report in " + settings.out().resolve("report.html"));
            progress.print(ReportWriter.markdown(report));
            return settings.out();
        }
    }

    private static void clearAllFaults(StackClient client) {
        for (String service : List.of("inventory", "payment", "fulfillment", "notification")) {
            client.clearFaults(service);
        }
    }

    /** The stack under test: a fresh one of the bench's own (closed at the end), or a running one (left alone). */
    record Stack(StackEndpoints endpoints, PlatformProcess platform) implements AutoCloseable {

        static Stack open(StackEndpoints running, Integer servicePortOffset, Path dataDir, PrintStream progress) {
            if (running != null) {
                return new Stack(running, null);
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
            return new Stack(new StackEndpoints(urls, platform.kafkaBootstrap(), platform.jdbcUrl("order_db")), platform);
        }

        @Override
        public void close() {
            if (platform != null) {
                platform.close();
            }
        }
    }
}
