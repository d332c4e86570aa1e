package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class BenchMainTest {

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        CommandLine commandLine = BenchMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryBenchmark() {
        Outcome help = execute("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("cdc", "saga", "compare", "throughput");
        assertThat(execute().out()).as("no benchmark named").isEqualTo(help.out());
    }

    @Test
    void eachBenchmarkPrintsItsOwnHelp() {
        Outcome saga = execute("saga", "--help");
        assertThat(saga.exitCode()).isZero();
        assertThat(saga.out()).contains("--rate", "--duration", "--drain", "--reject-percent", "--order-url", "--kafka",
                "--stack-pid", "default: 50");
        assertThat(saga.err()).isEmpty();
        assertThat(execute("cdc", "--help").out()).contains("--events", "--warm-up-seconds");
        assertThat(execute("compare", "-h").out()).contains("--short", "--scenarios", "--fault-start", "--stack-pid");
        assertThat(execute("throughput", "--help").out()).contains("--modes", "--start-rate", "--step", "--cdc-rate",
                "--jdbc-url");
    }

    @Test
    void unknownOptionIsAUsageErrorNamingIt() {
        Outcome typo = execute("saga", "--rat", "5");
        assertThat(typo.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(typo.err()).contains("Unknown options: '--rat'", "Possible solutions: --rate");
        assertThat(execute("throughput", "--modes", "turbo").err()).contains("unknown mode 'turbo'");
        assertThat(execute("sagas").exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void defaultsParse() {
        CommandLine.ParseResult saga = BenchMain.commandLine().parseArgs("saga");
        SagaLoadBenchmark options = saga.subcommand().commandSpec().commandLine().getCommand();
        assertThat(options.rate).isEqualTo(50);
        assertThat(options.seconds).isEqualTo(60);
        assertThat(options.drainSeconds).isEqualTo(30);
        assertThat(options.rejectPercent).isEqualTo(10);
        assertThat(options.orderUrl).isNull();
        assertThat(options.kafka).isEqualTo("localhost:19092");
        assertThat(options.stackPid).isNull();

        CommandLine.ParseResult cdc = BenchMain.commandLine().parseArgs("cdc", "--rate", "50");
        CdcLatencyBenchmark cdcOptions = cdc.subcommand().commandSpec().commandLine().getCommand();
        assertThat(cdcOptions.events).isEqualTo(1000);
        assertThat(cdcOptions.rate).isEqualTo(50);
        assertThat(cdcOptions.warmUpSeconds).isEqualTo(10);
    }
}
