package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void ordersAreDueAtFixedIntervalsFromTheStart() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(schedule.dueAt(0)).isEqualTo(1_000);
        assertThat(schedule.dueAt(25)).isEqualTo(1_000 + TimeUnit.MILLISECONDS.toNanos(2_500));
        assertThat(OpenLoopSchedule.startingNow(20).intervalNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aLateOrdersLatencyStartsAtItsDueInstant() {
        // Started a second ago at 10/s: order 3 was due 700 ms ago, and that is where its latency starts, not now.
        long start = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(schedule.awaitTurn(3)).isEqualTo(start + TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void anEarlyOrderWaitsForItsTurn() {
        OpenLoopSchedule schedule = OpenLoopSchedule.startingNow(10);
        long due = schedule.awaitTurn(2);
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(due);
        assertThat(due).isEqualTo(schedule.startNanos() + TimeUnit.MILLISECONDS.toNanos(200));
    }
}
