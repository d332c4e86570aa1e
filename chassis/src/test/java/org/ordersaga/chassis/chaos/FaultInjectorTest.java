package org.ordersaga.chassis.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private static final Duration HOLD = Duration.ofMillis(300);

    private static FaultInjector injector(boolean enabled, Faults faults) {
        return new FaultInjector(enabled, false, faults, HOLD, List.of("test"));
    }

    @Test
    void refusedInProdUnlessExplicitlyAllowed() {
        assertThatThrownBy(() -> new FaultInjector(true, false, Faults.NONE, HOLD, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowed-in-prod");
        assertThat(new FaultInjector(true, true, Faults.NONE, HOLD, List.of("prod")).enabled()).isTrue();
        assertThat(new FaultInjector(false, false, Faults.NONE, HOLD, List.of("prod")).enabled()).isFalse();
    }

    @Test
    void invalidConfiguredFaultsStopTheStart() {
        Faults invalid = new Faults(new FaultSpec(-1, 0, 1.5, false), FaultSpec.NONE);
        assertThatThrownBy(() -> injector(true, invalid))
                .hasMessageContaining("ordersaga.faults.rest.latencyMs").hasMessageContaining("rest.errorRate");
    }

    @Test
    void disabledInjectsNothingAndRefusesChanges() {
        FaultInjector disabled = injector(false, new Faults(new FaultSpec(0, 0, 1.0, true), FaultSpec.NONE));
        assertThat(disabled.current()).isEqualTo(Faults.NONE);
        assertThat(disabled.beforeRestRequest()).isEqualTo(FaultInjector.RestOutcome.PASS);
        assertThatThrownBy(() -> disabled.replace(Faults.NONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restOutcomesFollowTheCurrentFaults() {
        FaultInjector faults = injector(true, Faults.NONE);
        assertThat(faults.beforeRestRequest()).isEqualTo(FaultInjector.RestOutcome.PASS);
        faults.replace(new Faults(new FaultSpec(0, 0, 1.0, false), FaultSpec.NONE));
        assertThat(faults.beforeRestRequest()).isEqualTo(FaultInjector.RestOutcome.FAIL);
        faults.replace(new Faults(new FaultSpec(0, 0, 0.0, true), FaultSpec.NONE));
        assertThat(faults.beforeRestRequest()).isEqualTo(FaultInjector.RestOutcome.UNAVAILABLE);
        faults.replace(new Faults(new FaultSpec(200, 50, 0, false), FaultSpec.NONE));
        for (int i = 0; i < 50; i++) {
            assertThat(faults.restResponseDelayMs()).isBetween(200L, 250L);
        }
    }

    @Test
    void messageFaultsDelayFailAndHold() {
        FaultInjector faults = injector(true, new Faults(FaultSpec.NONE, new FaultSpec(150, 0, 0, false)));
        long start = System.nanoTime();
        faults.beforeMessage("ReserveInventory c1");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);

        faults.replace(new Faults(FaultSpec.NONE, new FaultSpec(0, 0, 1.0, false)));
        assertThatThrownBy(() -> faults.beforeMessage("ReserveInventory c2")).isInstanceOf(InjectedFaultException.class);

        // Unavailable holds the message until the hold limit, then fails it (so it is re-sent, never lost).
        faults.replace(new Faults(FaultSpec.NONE, new FaultSpec(0, 0, 0, true)));
        long held = System.nanoTime();
        assertThatThrownBy(() -> faults.beforeMessage("ReserveInventory c3")).hasMessageContaining("unavailable");
        assertThat((System.nanoTime() - held) / 1_000_000).isGreaterThanOrEqualTo(HOLD.toMillis());
    }

    @Test
    void aHeldMessageProceedsAsSoonAsTheServiceIsBack() throws Exception {
        FaultInjector faults = new FaultInjector(true, false,
                new Faults(FaultSpec.NONE, new FaultSpec(0, 0, 0, true)), Duration.ofSeconds(10), List.of("test"));
        Thread lift = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            faults.replace(Faults.NONE);
        });
        lift.start();
        long start = System.nanoTime();
        faults.beforeMessage("SendNotification c4");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        lift.join();
    }

    @Test
    void adminPathsAreNeverFaulted() {
        assertThat(RestFaultFilter.isAdminPath("/admin/faults")).isTrue();
        assertThat(RestFaultFilter.isAdminPath("admin/faults")).isTrue();
        assertThat(RestFaultFilter.isAdminPath("/administrators")).isFalse();
        assertThat(RestFaultFilter.isAdminPath("/payments")).isFalse();
    }
}
