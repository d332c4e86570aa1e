package org.ordersaga.bench;

import org.ordersaga.bench.compare.ChaosCommand;
import org.ordersaga.bench.compare.CompareCommand;
import org.ordersaga.bench.compare.ThroughputBench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Entry point: {@code java -jar bench/target/bench.jar <benchmark> [options]}; {@code --help} after either. */
@Command(name = "bench.jar", description = "Benchmarks of the order saga, each on a fresh local stack of its own "
        + "unless told to use a running one.",
        subcommands = { CdcLatencyBenchmark.class, SagaLoadBenchmark.class, OverloadBenchmark.class,
                CompareCommand.class, ChaosCommand.class, ThroughputBench.class },
        // For every benchmark too: options in the order their class declares them, the synopsis short.
        scope = ScopeType.INHERIT, sortOptions = false, abbreviateSynopsis = true)
public final class BenchMain implements Runnable {

    @Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT, description = "Print this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchMain());
    }

    /** No benchmark named: the overview, as with --help. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
