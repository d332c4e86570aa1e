package org.ordersaga.orchestrator.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;
import org.ordersaga.chassis.messaging.Backoff;
import org.ordersaga.chassis.messaging.Retries;

import jakarta.persistence.PersistenceException;

/** A dead letter is acknowledged (the method returns) only once its row is stored, whatever storing it meets. */
class DeadLetterConsumerTest {

    private final Store store = new Store();
    private final List<Duration> waits = new ArrayList<>();
    private final DeadLetterConsumer consumer = new DeadLetterConsumer(store,
            new Retries(new Backoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(100)), waits::add), Runnable::run);

    @Test
    void aDeadLetterIsStoredOnceTheDatabaseIsBack() {
        store.failures.add(databaseAway());
        store.failures.add(databaseAway());
        store.failures.add(databaseAway());

        consumer.store(deadLetter("{\"orderId\":\"order-1\"}"));

        assertThat(store.attempts).isEqualTo(4);
        assertThat(waits).extracting(Duration::toMillis).containsExactly(10L, 20L, 40L);
        assertThat(store.stored).singleElement().satisfies(letter -> {
            assertThat(letter.getPayload()).isEqualTo("{\"orderId\":\"order-1\"}");
            assertThat(letter.getReason()).isEqualTo("PROCESSING_FAILED");
        });
    }

    @Test
    void aDeadLetterTheDatabaseRefusesIsStoredWithWhatItCanKeep() {
        // PostgreSQL refuses a NUL character in text and jsonb (SQLState 22021 / 22P05)
        store.refuseNul = true;

        consumer.store(deadLetter("{\"orderId\":\"order-1\u0000\"}"));

        assertThat(store.stored).singleElement().satisfies(letter -> {
            assertThat(letter.getPayload()).doesNotContain("\u0000").contains("order-1");
            assertThat(letter.getError()).contains("could not be stored as it was");
        });
    }

    @Test
    void aDeadLetterThatStillCannotBeStoredIsRetriedAndNeverAcknowledgedMeanwhile() {
        store.refuseNul = true;
        store.failures.add(new IllegalStateException("a bug"));
        store.failures.add(new IllegalStateException("the same bug"));
        store.failures.add(new IllegalStateException("fixed by a restart"));

        consumer.store(deadLetter("{\"orderId\":\"order-1\u0000\"}"));

        assertThat(store.attempts).isEqualTo(4);
        assertThat(waits).hasSize(2);
        assertThat(store.stored).hasSize(1);
    }

    /** The repository's contract: one row per dead-letter position; its failures are scripted. */
    private static final class Store extends DeadLetterRepository {
        final List<RuntimeException> failures = new ArrayList<>();
        final List<DeadLetter> stored = new ArrayList<>();
        boolean refuseNul;
        int attempts;

        Store() {
            super(null);
        }

        @Override
        public boolean addOnce(DeadLetter letter, DeadLetter.Position readAt) {
            attempts++;
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            if (refuseNul && letter.getPayload().contains("\u0000")) {
                throw new PersistenceException(new SQLException("invalid byte sequence for encoding", "22021"));
            }
            stored.add(letter);
            return true;
        }
    }

    private static RuntimeException databaseAway() {
        return new JDBCConnectionException("could not execute statement",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    }

    private static ConsumerRecord<String, String> deadLetter(String payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("id", "row-1".getBytes(StandardCharsets.UTF_8));
        headers.add("eventType", "AuthorizePayment".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.REASON_CODE, "PROCESSING_FAILED".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.CONSUMER, "payment-service".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("payment-commands.dead-letter", 0, 3L, 0L, TimestampType.CREATE_TIME, -1, -1,
                "order-1", payload, headers, Optional.empty());
    }
}
