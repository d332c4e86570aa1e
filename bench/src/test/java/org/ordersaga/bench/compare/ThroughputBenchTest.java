package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class ThroughputBenchTest {

    @Test
    void rampsBothModesByDoublingFromTwoPerSecondByDefault() {
        ThroughputBench options = CommandLine.populateCommand(new ThroughputBench());
        assertThat(options.modes).containsExactly(Mode.SYNC, Mode.ASYNC);
        assertThat(options.startRate).isEqualTo(2);
        assertThat(options.rateIncrement).isNull();
        assertThat(options.maxRate).isEqualTo(400);
        assertThat(options.stepSeconds).isEqualTo(20);
        assertThat(options.drainSeconds).isEqualTo(30);
        assertThat(options.cdcRate).isEqualTo(20);
        assertThat(options.warmUpSeconds).isEqualTo(60);
        assertThat(options.warmUpRate).isEqualTo(10);
        assertThat(options.stackOptions.runningStack()).isNull();
    }

    @Test
    void oneModeAndARunningStack() {
        ThroughputBench options = CommandLine.populateCommand(new ThroughputBench(), "--modes", "async", "--step", "25",
                "--order-url", "http://host:9081", "--jdbc-url", "jdbc:postgresql://host:5433/order_db");
        assertThat(options.modes).containsExactly(Mode.ASYNC);
        assertThat(options.rateIncrement).isEqualTo(25);
        assertThat(options.stackOptions.runningStack().orderDbJdbcUrl()).isEqualTo("jdbc:postgresql://host:5433/order_db");
        assertThat(options.stackOptions.runningStack().url("notification")).isEqualTo("http://localhost:8085");
    }
}
