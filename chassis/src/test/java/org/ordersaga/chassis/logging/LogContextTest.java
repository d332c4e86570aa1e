package org.ordersaga.chassis.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class LogContextTest {

    @Test
    void orderAndSagaIdsAreInTheMdcOnlyInsideTheScope() {
        try (var scope = LogContext.forOrder("order-1", "saga-1")) {
            assertThat(MDC.get("orderId")).isEqualTo("order-1");
            assertThat(MDC.get("sagaId")).isEqualTo("saga-1");
        }
        assertThat(MDC.get("orderId")).isNull();
        assertThat(MDC.get("sagaId")).isNull();
    }

    @Test
    void aNestedScopeRestoresTheEnclosingIds() {
        try (var outer = LogContext.forOrder("order-1", null)) {
            try (var inner = LogContext.forOrder("order-1", "saga-1")) {
                assertThat(MDC.get("sagaId")).isEqualTo("saga-1");
            }
            assertThat(MDC.get("orderId")).isEqualTo("order-1");
            assertThat(MDC.get("sagaId")).isNull();
        }
        assertThat(MDC.get("orderId")).isNull();
    }
}
