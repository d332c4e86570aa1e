package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.ParameterException;

class CompareSettingsTest {

    @Test
    void shortRunKeepsEveryScenarioAndModeButLastsSeconds() {
        CompareSettings settings = CompareSettings.parse("--short", "--service-port-offset", "5000");
        assertThat(settings.scenarios()).hasSize(7).contains(Scenario.MIXED);
        assertThat(settings.modes()).containsExactly(Mode.SYNC, Mode.ASYNC);
        assertThat(settings.scenarioSeconds()).isLessThanOrEqualTo(10);
        assertThat(settings.warmUpSeconds()).isLessThanOrEqualTo(5);
        assertThat(settings.servicePortOffset()).isEqualTo(5000);
        assertThat(settings.runningStack()).isNull();
        assertThat(settings.stackPid()).isNull();
    }

    @Test
    void fullRunWarmsUpForAMinuteAtARateBelowTwoCoresCapacity() {
        CompareSettings settings = CompareSettings.parse();
        assertThat(settings.rate()).isEqualTo(10);
        assertThat(settings.warmUpSeconds()).isEqualTo(60);
        assertThat(settings.scenarioSeconds()).isEqualTo(60);
        assertThat(settings.scenarios()).hasSize(7);
        assertThat(settings.modes()).containsExactly(Mode.SYNC, Mode.ASYNC);
        assertThat(settings.mixedSagaSharePercent()).isEqualTo(50);
        assertThat(settings.operatorCredentials()).isEqualTo("operator:operator");
        assertThat(settings.faultStartSeconds()).isEqualTo(10);
        assertThat(settings.faultSeconds()).isEqualTo(20);
        assertThat(settings.drainSeconds()).isEqualTo(90);
        assertThat(settings.out()).endsWithRaw(Path.of("bench/target/report"));
    }

    @Test
    void namedScenariosModesAndRunningStack() {
        CompareSettings settings = CompareSettings.parse("--scenarios", "baseline,payment-down", "--modes", "async",
                "--rate", "30", "--order-url", "http://host:9081", "--payment-url", "http://host:9083",
                "--stack-pid", "4242");
        assertThat(settings.scenarios()).containsExactly(Scenario.BASELINE, Scenario.PAYMENT_DOWN);
        assertThat(settings.modes()).isEqualTo(List.of(Mode.ASYNC));
        assertThat(settings.rate()).isEqualTo(30);
        assertThat(settings.runningStack().url("payment")).isEqualTo("http://host:9083");
        assertThat(settings.runningStack().url("inventory")).isEqualTo("http://localhost:8082");
        assertThat(settings.runningStack().kafkaBootstrap()).isEqualTo("localhost:19092");
        assertThat(settings.stackPid()).isEqualTo(4242L);
    }

    @Test
    void theMixedScenarioTakesItsShareAndTheOperator() {
        CompareSettings settings = CompareSettings.parse("--scenarios", "mixed", "--mixed-share", "30",
                "--operator", "ops:secret");
        assertThat(settings.scenarios()).containsExactly(Scenario.MIXED);
        assertThat(settings.mixedSagaSharePercent()).isEqualTo(30);
        assertThat(settings.operatorCredentials()).isEqualTo("ops:secret");
        assertThatThrownBy(() -> CompareSettings.parse("--mixed-share", "101")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--mixed-share 0..100");
        assertThatThrownBy(() -> CompareSettings.parse("--operator", "nopassword"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("USER:PASSWORD");
    }

    @Test
    void refusesUnknownScenarioAndFaultWindowOutsideTheScenario() {
        assertThatThrownBy(() -> CompareSettings.parse("--scenarios", "meteor")).hasMessageContaining("meteor");
        assertThatThrownBy(() -> CompareSettings.parse("--scenario-seconds", "10", "--fault-start", "5",
                "--fault-seconds", "10")).hasMessageContaining("fault window");
        assertThatThrownBy(() -> CompareSettings.parse("--rate")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> CompareSettings.parse("--rates", "5")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("Unknown options: '--rates'");
    }

    @Test
    void chaosRunsTheProcessFaultsWithAWindowLongEnoughForAServiceToStartAgain() {
        CompareSettings settings = CompareSettings.parseChaos();
        assertThat(settings.scenarios()).isEqualTo(Scenario.chaos()).contains(Scenario.KILL_ORCHESTRATOR,
                Scenario.KILL_ORDER, Scenario.PAUSE_PAYMENT).doesNotContain(Scenario.BASELINE);
        assertThat(settings.faultSeconds()).isEqualTo(30);
        assertThat(settings.scenarioSeconds() - settings.faultStartSeconds() - settings.faultSeconds())
                .as("load after the restart, to see p99 normal again").isGreaterThanOrEqualTo(45);
        assertThat(Scenario.comparison()).doesNotContainAnyElementsOf(Scenario.chaos());
    }
}
