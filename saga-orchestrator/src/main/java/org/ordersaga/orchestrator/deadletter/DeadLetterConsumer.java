package org.ordersaga.orchestrator.deadletter;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.Retries;
import org.ordersaga.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every {@code <topic>.dead-letter} topic (application.properties) into the {@code dead_letter} table. A dead
 * letter is acknowledged only once its row is committed: while the database is away it is retried with backoff (chassis
 * {@link Retries}) and nothing after it is read; one the table refuses is stored with what the table can keep
 * ({@link DeadLetter#keepable}), and retried until that is stored. Nothing read here is dropped.
 */
@ApplicationScoped
public class DeadLetterConsumer {

    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);
    /** Two replicas storing one dead letter during a rebalance: the loser's retry finds the winner's row. */
    private static final int RACE_ATTEMPTS = 3;

    private final DeadLetterRepository deadLetters;
    private final Retries retries;
    private final Consumer<Runnable> inTransaction;

    @Inject
    public DeadLetterConsumer(DeadLetterRepository deadLetters, Retries retries) {
        this(deadLetters, retries, work -> QuarkusTransaction.requiringNew().run(work));
    }

    DeadLetterConsumer(DeadLetterRepository deadLetters, Retries retries, Consumer<Runnable> inTransaction) {
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.inTransaction = inTransaction;
    }

    @Incoming("dead-letters")
    @Blocking
    public void store(ConsumerRecord<String, String> record) {
        DeadLetter.Position readAt = new DeadLetter.Position(record.topic(), record.partition(), record.offset());
        DeadLetter letter = letterOf(record, readAt);
        String what = "Dead letter " + readAt.topic() + "-" + readAt.partition() + "@" + readAt.offset();
        try (LogContext.Scope ids = LogContext.forOrder(record.key(), null)) {
            try {
                retries.run(what, RACE_ATTEMPTS, () -> inTransaction.accept(() -> add(letter, readAt)));
            } catch (Retries.Interrupted e) {
                throw e;
            } catch (RuntimeException refused) {
                LOG.errorf(refused, "%s cannot be stored as it was; storing what the table can keep", what);
                DeadLetter kept = letter.keepable(refused.toString());
                retries.runUntilDone(what, () -> inTransaction.accept(() -> add(kept, readAt)));
            }
        }
    }

    private void add(DeadLetter letter, DeadLetter.Position readAt) {
        if (deadLetters.addOnce(letter, readAt)) {
            LOG.warnf("Dead letter from %s (%s, consumer %s) stored as %d", letter.getTopic(), letter.getReason(),
                    letter.getConsumer(), letter.getId());
        }
    }

    private static DeadLetter letterOf(ConsumerRecord<String, String> record, DeadLetter.Position readAt) {
        Map<String, String> original = new LinkedHashMap<>();
        Map<String, String> deadLetter = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            String value = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            if (value != null) {
                // the first occurrence is the original record's (a producer may add its own later)
                (header.key().startsWith(DeadLetterHeaders.PREFIX) ? deadLetter : original)
                        .putIfAbsent(header.key(), value);
            }
        }
        String topic = deadLetter.getOrDefault(DeadLetterHeaders.ORIGINAL_TOPIC, originalTopic(record.topic()));
        return new DeadLetter(
                new DeadLetter.Position(topic, integer(deadLetter.get(DeadLetterHeaders.ORIGINAL_PARTITION)),
                        longValue(deadLetter.get(DeadLetterHeaders.ORIGINAL_OFFSET))),
                record.key(), deadLetter.getOrDefault(DeadLetterHeaders.REASON_CODE, "UNKNOWN"), error(deadLetter),
                deadLetter.get(DeadLetterHeaders.CONSUMER), Instant.ofEpochMilli(record.timestamp()), original,
                record.value(), readAt);
    }

    private static String error(Map<String, String> deadLetter) {
        StringBuilder error = new StringBuilder()
                .append(deadLetter.getOrDefault(DeadLetterHeaders.EXCEPTION_CLASS, "?")).append(": ")
                .append(deadLetter.getOrDefault(DeadLetterHeaders.EXCEPTION_MESSAGE, ""));
        if (deadLetter.containsKey(DeadLetterHeaders.CAUSE_CLASS)) {
            error.append(" (caused by ").append(deadLetter.get(DeadLetterHeaders.CAUSE_CLASS)).append(": ")
                    .append(deadLetter.getOrDefault(DeadLetterHeaders.CAUSE_MESSAGE, "")).append(')');
        }
        return error.toString();
    }

    private static String originalTopic(String deadLetterTopic) {
        return deadLetterTopic.endsWith(Topics.DEAD_LETTER_SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DEAD_LETTER_SUFFIX.length())
                : deadLetterTopic;
    }

    /** A header that is not a number names no position: the dead letter is stored without it, not lost. */
    private static Integer integer(String value) {
        Long number = longValue(value);
        return number == null || number != number.intValue() ? null : number.intValue();
    }

    private static Long longValue(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
