package org.ordersaga.bench.compare;

import picocli.CommandLine.Command;

/**
 * {@code bench.jar chaos}: compare's load and report with faults on the services' processes. One after the other,
 * each service is killed with SIGKILL and started again after the fault window (or paused with SIGSTOP past its
 * deadlines and resumed), under a steady load in each mode; the report says per fault how many orders it touched,
 * how long after the service was back completion p99 was normal again, and whether any invariant broke.
 */
@Command(name = "chaos", description = "Kill -9 (and pause) each service under load in both modes, start it again; "
        + "per fault: orders affected, time from the service being back to a normal completion p99, invariants.")
public final class ChaosCommand extends CompareCommand {

    static final Defaults CHAOS = new Defaults(Scenario.chaos(), "bench/target/chaos-report",
            "bench/target/bench-chaos", 90, 45, 15, 5, 30, 5);

    @Override
    Defaults defaults() {
        return CHAOS;
    }
}
