package org.ordersaga.orchestrator.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordersaga.orchestrator.domain.SagaState.COMPENSATING;
import static org.ordersaga.orchestrator.domain.SagaState.COMPENSATION_FAILED;
import static org.ordersaga.orchestrator.domain.SagaState.COMPLETED;
import static org.ordersaga.orchestrator.domain.SagaState.REJECTED;
import static org.ordersaga.orchestrator.domain.SagaState.RUNNING;
import static org.ordersaga.orchestrator.domain.SagaState.STUCK;

class SagaStateTest {

    @Test
    void finishedSagasNeverChangeAgain() {
        for (SagaState next : SagaState.values()) {
            assertThat(COMPLETED.canBecome(next)).isFalse();
            assertThat(REJECTED.canBecome(next)).isFalse();
        }
    }

    @Test
    void aRunningSagaCannotBeRejectedWithoutCompensating() {
        assertThat(RUNNING.canBecome(REJECTED)).isFalse();
        assertThat(RUNNING.canBecome(COMPENSATING)).isTrue();
    }

    @Test
    void aCompensatingSagaNeverGoesForwardAgain() {
        assertThat(COMPENSATING.canBecome(RUNNING)).isFalse();
        assertThat(COMPENSATING.canBecome(COMPLETED)).isFalse();
        assertThat(COMPENSATING.canBecome(STUCK)).isFalse();
    }

    @Test
    void parkedSagasOnlyResumeInTheirOwnDirection() {
        assertThat(STUCK.canBecome(RUNNING)).isTrue();
        assertThat(STUCK.canBecome(COMPENSATING)).isFalse();
        assertThat(COMPENSATION_FAILED.canBecome(COMPENSATING)).isTrue();
        assertThat(COMPENSATION_FAILED.canBecome(RUNNING)).isFalse();
    }
}
