package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryTest {

    @Test
    void p99IsNormalAgainFromTheWindowAfterWhichItStaysNormal() {
        double inf = Double.POSITIVE_INFINITY;

        assertThat(Recovery.firstNormalFromOn(List.of(9000.0, 400.0, 3000.0, 500.0, 450.0), 600)).isEqualTo(3);
        assertThat(Recovery.firstNormalFromOn(List.of(500.0, 450.0), 600)).isZero();
        assertThat(Recovery.firstNormalFromOn(List.of(500.0, inf), 600)).isEqualTo(2);
    }

    @Test
    void anOrderThatNeverCompletedKeepsItsWindowFromBeingNormal() {
        List<Recovery.Sample> samples = List.of(
                new Recovery.Sample(0.5, 100.0), new Recovery.Sample(1.5, null),
                new Recovery.Sample(2.2, 4000.0), new Recovery.Sample(2.9, 120.0),
                new Recovery.Sample(4.1, 110.0));

        List<Double> p99s = Recovery.windowP99s(samples, 0, 5, 1);

        assertThat(p99s).hasSize(5);
        assertThat(p99s.get(0)).isBetween(99.0, 101.0);
        assertThat(p99s.get(1)).isInfinite();
        assertThat(p99s.get(2)).isBetween(3990.0, 4010.0);
        assertThat(p99s.get(3)).as("no order due in it").isZero();
        assertThat(Recovery.firstNormalFromOn(p99s, 500)).isEqualTo(3);
    }
}
