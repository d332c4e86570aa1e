package org.ordersaga.bench.compare;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.ordersaga.testsupport.PlatformProcess;

/**
 * Settings of {@code bench.jar compare}. The full run offers the same load to every scenario and mode for
 * {@code scenarioSeconds}, with the fault on from {@code faultStartSeconds} for {@code faultSeconds}; the short run
 * (CI) keeps every scenario and mode but lasts a few seconds each. Each mode first gets {@code warmUpSeconds} of
 * baseline load that is not reported: a fresh stack's JVMs are still compiling, and the first scenario would pay it.
 */
public record CompareSettings(boolean shortRun, int rate, int warmUpSeconds, int scenarioSeconds,
        int faultStartSeconds, int faultSeconds, int drainSeconds, Path out, List<Scenario> scenarios, List<Mode> modes,
        StackEndpoints runningStack, Integer servicePortOffset, Path dataDir) {

    public static final String USAGE = """
              compare     sync vs async under the same load and the same faults; writes report.html/json, summary.md
                          --short (CI: a few seconds per scenario)  --rate N per second (10)
                          --warm-up-seconds S (60; short 2: unreported baseline load per mode on the fresh stack)
                          --scenario-seconds S (60; short 6)  --fault-start S (10; short 1)  --fault-seconds S (20; short 3)
                          --drain-seconds S (90; short 40)  --out DIR (bench/target/report)
                          --scenarios a,b (all: baseline,payment-latency,payment-errors,payment-down,inventory-down,
                          notification-down)  --modes sync,async (both)
                          --service-port-offset N  --data-dir DIR (bench/target/bench-compare)  (its own stack)
                          --order-url URL [--inventory-url --payment-url --fulfillment-url --notification-url URL]
                          --kafka HOST:PORT  (use a running, otherwise idle stack with faults enabled)
            """;

    public static CompareSettings parse(String... arguments) {
        Args args = Args.parse(arguments, Set.of("short"));
        boolean shortRun = args.flags().contains("short");
        List<Scenario> scenarios = args.values().containsKey("scenarios")
                ? Arrays.stream(args.values().get("scenarios").split(",")).map(String::trim).map(Scenario::byId).toList()
                : List.of(Scenario.values());
        List<Mode> modes = args.values().containsKey("modes")
                ? Arrays.stream(args.values().get("modes").split(",")).map(Mode::byId).toList()
                : List.of(Mode.SYNC, Mode.ASYNC);
        CompareSettings settings = new CompareSettings(shortRun,
                args.integer("rate", 10),
                args.integer("warm-up-seconds", shortRun ? 2 : 60),
                args.integer("scenario-seconds", shortRun ? 6 : 60),
                args.integer("fault-start", shortRun ? 1 : 10),
                args.integer("fault-seconds", shortRun ? 3 : 20),
                args.integer("drain-seconds", shortRun ? 40 : 90),
                args.values().containsKey("out") ? Path.of(args.values().get("out")).toAbsolutePath()
                        : PlatformProcess.projectRoot().resolve("bench/target/report"),
                scenarios, modes,
                args.values().containsKey("order-url") ? StackEndpoints.fromArgs(args) : null,
                args.values().containsKey("service-port-offset") ? args.integer("service-port-offset", 0) : null,
                args.values().containsKey("data-dir") ? Path.of(args.values().get("data-dir")).toAbsolutePath()
                        : PlatformProcess.projectRoot().resolve("bench/target/bench-compare"));
        if (settings.rate() < 1 || settings.scenarioSeconds() < 1 || settings.warmUpSeconds() < 0
                || settings.faultStartSeconds() + settings.faultSeconds() > settings.scenarioSeconds()) {
            throw new IllegalArgumentException(
                    "need rate >= 1, warm-up >= 0 and the fault window inside the scenario: " + settings);
        }
        return settings;
    }
}
