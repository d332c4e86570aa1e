package org.ordersaga.bench.compare;

import java.util.List;
import java.util.Optional;

/** Everything report.json holds: how the run was set up and every scenario × mode. */
public record ComparisonReport(String generatedAt, boolean shortRun, int rate, int warmUpSeconds,
        int scenarioSeconds, int faultStartSeconds, int faultSeconds, int drainSeconds, List<RunResult> runs) {

    public Optional<RunResult> run(String scenario, String mode) {
        return runs.stream().filter(r -> r.scenario().equals(scenario) && r.mode().equals(mode)).findFirst();
    }

    public List<String> scenarios() {
        return runs.stream().map(RunResult::scenario).distinct().toList();
    }

    public List<String> modes() {
        return runs.stream().map(RunResult::mode).distinct().toList();
    }
}
