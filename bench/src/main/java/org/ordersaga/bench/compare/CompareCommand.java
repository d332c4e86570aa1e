package org.ordersaga.bench.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ordersaga.testsupport.PlatformProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench.jar compare}: its options, read into {@link CompareSettings}. */
@Command(name = "compare", description = "Sync vs async under the same load and the same faults, CPU per completed "
        + "order included; writes report.html, report.json and summary.md.")
public class CompareCommand implements Callable<Integer> {

    /** The defaults that differ between compare and chaos: full size, then --short. */
    record Defaults(List<Scenario> scenarios, String out, String dataDir, int scenarioSeconds, int shortScenarioSeconds,
            int faultStartSeconds, int shortFaultStartSeconds, int faultSeconds, int shortFaultSeconds) {
    }

    static final Defaults COMPARE = new Defaults(Scenario.comparison(), "bench/target/report",
            "bench/target/bench-compare", 60, 6, 10, 1, 20, 3);

    @Option(names = "--short", description = "CI size: a few seconds per scenario.")
    boolean shortRun;

    @Option(names = "--rate", paramLabel = "N", description = "Orders per second (default: ${DEFAULT-VALUE}).")
    int rate = 10;

    @Option(names = "--warm-up-seconds", paramLabel = "S",
            description = "Unreported baseline load per mode on the fresh stack (default: 60; with --short 2).")
    Integer warmUpSeconds;

    @Option(names = "--scenario-seconds", paramLabel = "S",
            description = "Load per scenario and mode (default: compare 60, chaos 90; with --short 6, chaos 45).")
    Integer scenarioSeconds;

    @Option(names = "--fault-start", paramLabel = "S",
            description = "Seconds into the load the fault starts (default: compare 10, chaos 15; with --short 1, chaos "
                    + "5).")
    Integer faultStartSeconds;

    @Option(names = "--fault-seconds", paramLabel = "S",
            description = "How long the fault lasts; a killed service is started again at its end (default: compare 20, "
                    + "chaos 30; with --short 3, chaos 5).")
    Integer faultSeconds;

    @Option(names = "--drain-seconds", paramLabel = "S",
            description = "Longest wait for the accepted orders to be final (default: 90; with --short 40).")
    Integer drainSeconds;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report directory (default: bench/target/report, chaos bench/target/chaos-report).")
    Path out;

    @Option(names = "--scenarios", split = ",", converter = Scenario.FromId.class, paramLabel = "a,b",
            hideParamSyntax = true,
            description = "Scenarios to run (compare's default: baseline, payment-latency, payment-errors, "
                    + "payment-down, inventory-down, notification-down, mixed; chaos's: kill-orchestrator, "
                    + "kill-inventory, kill-payment, kill-fulfillment, kill-notification, kill-order, pause-payment, "
                    + "terminate-connections; "
                    + "either runs any of them).")
    List<Scenario> scenarios;

    @Option(names = "--mixed-share", paramLabel = "PERCENT",
            description = "Share of the mixed scenario's orders that order-service's rollout switch sends through the "
                    + "saga, 0-100 (default: ${DEFAULT-VALUE}); the scenario reports both modes whatever --modes says.")
    int mixedSharePercent = 50;

    /** The dev profile's operator (README). */
    static final String DEV_OPERATOR = "operator:operator";

    @Option(names = "--operator", paramLabel = "USER:PASSWORD",
            description = "The operator that sets the mixed scenario's share and the services' faults (default: the "
                    + "dev profile's ${DEFAULT-VALUE}).")
    String operatorCredentials = DEV_OPERATOR;

    @Option(names = "--modes", split = ",", converter = Mode.FromId.class, defaultValue = "sync,async",
            paramLabel = "sync,async", hideParamSyntax = true, description = "Modes to run (default: both).")
    List<Mode> modes;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Own stack's data (default: bench/target/bench-compare, chaos bench/target/bench-chaos).")
    Path dataDir;

    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ComparisonBench.run(settings(), System.out);
        return 0;
    }

    Defaults defaults() {
        return COMPARE;
    }

    /** The settings these options give; a fault window outside the scenario is a usage error. */
    CompareSettings settings() {
        Defaults defaults = defaults();
        CompareSettings settings = new CompareSettings(shortRun, rate,
                warmUpSeconds != null ? warmUpSeconds : shortRun ? 2 : 60,
                scenarioSeconds != null ? scenarioSeconds
                        : shortRun ? defaults.shortScenarioSeconds() : defaults.scenarioSeconds(),
                faultStartSeconds != null ? faultStartSeconds
                        : shortRun ? defaults.shortFaultStartSeconds() : defaults.faultStartSeconds(),
                faultSeconds != null ? faultSeconds : shortRun ? defaults.shortFaultSeconds() : defaults.faultSeconds(),
                drainSeconds != null ? drainSeconds : shortRun ? 40 : 90,
                inProject(out, defaults.out()),
                scenarios != null ? scenarios : defaults.scenarios(), modes,
                stack.runningStack(), stack.servicePortOffset, stack.stackPid,
                inProject(dataDir, defaults.dataDir()), mixedSharePercent, operatorCredentials);
        if (settings.mixedSagaSharePercent() < 0 || settings.mixedSagaSharePercent() > 100
                || !settings.operatorCredentials().contains(":")) {
            throw new ParameterException(spec.commandLine(), String.format("need --mixed-share 0..100 and --operator "
                    + "USER:PASSWORD; got %d %% and %s", settings.mixedSagaSharePercent(),
                    settings.operatorCredentials().contains(":") ? "a user and password" : "no ':'"));
        }
        if (settings.rate() < 1 || settings.scenarioSeconds() < 1 || settings.warmUpSeconds() < 0
                || settings.faultStartSeconds() + settings.faultSeconds() > settings.scenarioSeconds()) {
            throw new ParameterException(spec.commandLine(), String.format("need --rate >= 1, --warm-up-seconds >= 0 "
                    + "and the fault window inside the scenario; got rate %d, warm-up %d s, fault from %d s for %d s in "
                    + "%d s", settings.rate(), settings.warmUpSeconds(), settings.faultStartSeconds(),
                    settings.faultSeconds(), settings.scenarioSeconds()));
        }
        return settings;
    }

    /** The given directory, else the default under the project root. */
    static Path inProject(Path given, String defaultPath) {
        return given != null ? given.toAbsolutePath() : PlatformProcess.projectRoot().resolve(defaultPath);
    }
}
