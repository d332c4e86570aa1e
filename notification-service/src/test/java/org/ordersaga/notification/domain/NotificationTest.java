package org.ordersaga.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

    @Test
    void aNotificationRecordsWhatWasSentAndWhen() {
        Notification confirmation = Notification.send("order-1", NotificationKind.ORDER_CONFIRMED, "cust-alice",
                "Your order is confirmed", NOW);

        assertThat(confirmation.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
        assertThat(confirmation.sentAt()).isEqualTo(NOW);
    }

    @Test
    void aNotificationNeedsAText() {
        assertThatThrownBy(() -> Notification.send("order-1", NotificationKind.ORDER_REJECTED, "cust-alice", " ", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
