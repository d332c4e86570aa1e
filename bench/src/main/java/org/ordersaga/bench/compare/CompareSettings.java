package org.ordersaga.bench.compare;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;

/**
 * Settings of {@code bench.jar compare}. The full run offers the same load to every scenario and mode for
 * {@code scenarioSeconds}, with the fault on from {@code faultStartSeconds} for {@code faultSeconds}; the short run
 * (CI) keeps every scenario and mode but lasts a few seconds each. Each mode first gets {@code warmUpSeconds} of
 * baseline load that is not reported: a fresh stack's JVMs are still compiling, and the first scenario would pay it.
 * The mixed scenario sets order-service's saga share to {@code mixedSagaSharePercent} as the operator
 * {@code operatorCredentials} ({@code user:password}), who also sets the services' faults.
 */
public record CompareSettings(boolean shortRun, int rate, int warmUpSeconds, int scenarioSeconds,
        int faultStartSeconds, int faultSeconds, int drainSeconds, Path out, List<Scenario> scenarios, List<Mode> modes,
        StackEndpoints runningStack, Integer servicePortOffset, Long stackPid, Path dataDir,
        int mixedSagaSharePercent, String operatorCredentials) {

    /** The settings of {@code compare}'s command-line options; a bad one throws picocli's ParameterException. */
    public static CompareSettings parse(String... arguments) {
        return CommandLine.populateCommand(new CompareCommand(), arguments).settings();
    }

    /** The settings of {@code chaos}'s command-line options. */
    public static CompareSettings parseChaos(String... arguments) {
        return CommandLine.populateCommand(new ChaosCommand(), arguments).settings();
    }
}
