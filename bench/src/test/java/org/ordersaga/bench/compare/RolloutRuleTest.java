package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench predicts the mode order-service's rollout gives a key; the buckets are those its SagaShareTest pins. */
class RolloutRuleTest {

    @Test
    void bucketsMatchOrderServicesRule() {
        assertThat(RolloutRule.bucketOf("cust-alice")).isEqualTo(28);
        assertThat(RolloutRule.bucketOf("cust-bob")).isEqualTo(57);
        assertThat(RolloutRule.bucketOf("cust-broke")).isEqualTo(72);
    }

    @Test
    void aKeyBelowTheShareRunsAsTheSaga() {
        assertThat(RolloutRule.modeOf("cust-alice", 29)).isEqualTo(Mode.ASYNC);
        assertThat(RolloutRule.modeOf("cust-alice", 28)).isEqualTo(Mode.SYNC);
        assertThat(RolloutRule.modeOf("cust-broke", 100)).isEqualTo(Mode.ASYNC);
        assertThat(RolloutRule.modeOf("cust-broke", 0)).isEqualTo(Mode.SYNC);
    }
}
