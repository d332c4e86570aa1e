package org.ordersaga.orchestrator.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final DeadLetter letter = new DeadLetter(new DeadLetter.Position("payment-commands", 1, 7L), "order-1",
            "PROCESSING_FAILED", "java.lang.IllegalStateException: broken", "payment-service",
            Instant.parse("2026-01-01T00:00:00Z"), Map.of("id", "row-1", "eventType", "AuthorizePayment"), "{}",
            new DeadLetter.Position("payment-commands.dead-letter", 0, 3L));

    @Test
    void aReplayRecordsWhoAndWhen() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");

        letter.markReplayed("operator", now);

        assertThat(letter.getReplayedBy()).isEqualTo("operator");
        assertThat(letter.getReplayedAt()).isEqualTo(now);
    }

    @Test
    void aSecondReplayIsRefusedAndKeepsTheFirst() {
        Instant first = Instant.parse("2026-01-02T00:00:00Z");
        letter.markReplayed("operator", first);

        assertThatThrownBy(() -> letter.markReplayed("someone-else", first.plusSeconds(60)))
                .isInstanceOf(AlreadyReplayedException.class).hasMessageContaining("operator");
        assertThat(letter.getReplayedBy()).isEqualTo("operator");
        assertThat(letter.getReplayedAt()).isEqualTo(first);
    }
}
