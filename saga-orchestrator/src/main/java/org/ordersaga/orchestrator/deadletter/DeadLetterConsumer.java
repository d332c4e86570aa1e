package org.ordersaga.orchestrator.deadletter;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;
import org.ordersaga.chassis.logging.LogContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads every {@code <topic>.dead-letter} topic (application.properties) into the {@code dead_letter} table. */
@ApplicationScoped
public class DeadLetterConsumer {

    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final DeadLetterRepository deadLetters;

    public DeadLetterConsumer(DeadLetterRepository deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Incoming("dead-letters")
    @Blocking
    @Transactional
    public void store(ConsumerRecord<String, String> record) {
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
        DeadLetter.Position readAt = new DeadLetter.Position(record.topic(), record.partition(), record.offset());
        String topic = deadLetter.getOrDefault(DeadLetterHeaders.ORIGINAL_TOPIC, originalTopic(record.topic()));
        DeadLetter letter = new DeadLetter(
                new DeadLetter.Position(topic, integer(deadLetter.get(DeadLetterHeaders.ORIGINAL_PARTITION)),
                        longValue(deadLetter.get(DeadLetterHeaders.ORIGINAL_OFFSET))),
                record.key(), deadLetter.getOrDefault(DeadLetterHeaders.REASON_CODE, "UNKNOWN"), error(deadLetter),
                deadLetter.get(DeadLetterHeaders.CONSUMER), Instant.ofEpochMilli(record.timestamp()), original,
                record.value(), readAt);
        try (LogContext.Scope ids = LogContext.forOrder(record.key(), null)) {
            if (deadLetters.addOnce(letter, readAt)) {
                LOG.warnf("Dead letter from %s (%s, consumer %s) stored as %d", topic, letter.getReason(),
                        letter.getConsumer(), letter.getId());
            }
        }
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
        return deadLetterTopic.endsWith(DeadLetterHeaders.TOPIC_SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - DeadLetterHeaders.TOPIC_SUFFIX.length())
                : deadLetterTopic;
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }

    private static Long longValue(String value) {
        return value == null ? null : Long.valueOf(value);
    }
}
