package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void aMetricIsTheSumOfItsSeries() {
        String text = """
                # HELP saga_commands_resent_total Commands re-sent
                # TYPE saga_commands_resent_total counter
                saga_commands_resent_total{topic="inventory-commands"} 3.0
                saga_commands_resent_total{topic="payment-commands"} 4.0
                saga_commands_resent_totally_else 100.0
                sagas_started_total 12.0 # {span_id="00f067aa0ba902b7",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 1.0 1796180613.123
                order_requests_total{mode="async",status="202"} 57.0 # {span_id="00f067aa0ba902b7",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 1.0 1796180613.123
                """;

        assertThat(PrometheusText.sum(text, "saga_commands_resent_total")).isEqualTo(7.0);
        assertThat(PrometheusText.sum(text, "sagas_started_total")).isEqualTo(12.0);
        assertThat(PrometheusText.sum(text, "sagas_stuck_total")).isZero();
        assertThat(PrometheusText.sum(text, "order_requests_total")).as("the value, not the exemplar's time")
                .isEqualTo(57.0);
    }
}
