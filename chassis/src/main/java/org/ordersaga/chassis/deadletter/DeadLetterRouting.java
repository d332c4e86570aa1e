package org.ordersaga.chassis.deadletter;

import static org.ordersaga.chassis.deadletter.DeadLetterReason.PROCESSING_FAILED;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.SCHEMA_VIOLATION;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNKNOWN_TYPE;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNPARSEABLE;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageTracing;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.contracts.ContractValidator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How every consumer handles a Kafka record: inside the producer's trace and with the order and saga IDs in the log
 * context, parse it, check it against its contract, run the handler (again when it lost a concurrency race), then
 * acknowledge it. A record that is refused or keeps failing is nacked with its {@link DeadLetterReason}; the channel's
 * {@code dead-letter-queue} failure strategy publishes it to {@code <topic>.dead-letter} with its original key, value
 * and headers, and consumption continues with the next record.
 */
@ApplicationScoped
public class DeadLetterRouting {

    private static final Logger LOG = Logger.getLogger(DeadLetterRouting.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final String consumer;
    private final ContractValidator contracts = new ContractValidator();

    public DeadLetterRouting(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.mapper = mapper;
        this.meters = meters;
        this.consumer = consumer;
    }

    /** Handles {@code record}, trying {@code handler} up to {@code attempts} times while its failures are transient. */
    public CompletionStage<Void> consume(Message<String> record, int attempts, Consumer<IncomingMessage> handler) {
        try (Scope trace = MessageTracing.continueTrace(record)) {
            IncomingMessage message;
            try {
                message = accepted(record);
            } catch (RejectedMessageException e) {
                // the key is the order ID: the best clue left when the payload cannot be read
                try (LogContext.Scope ids = LogContext.forOrder(key(record), null)) {
                    return deadLetter(record, e.reason(), e);
                }
            }
            String orderId = message.text("orderId") == null ? message.key() : message.text("orderId");
            try (LogContext.Scope ids = LogContext.forOrder(orderId, message.text("sagaId"))) {
                try {
                    TransientFailures.retry(message.type() + " " + message.id(), attempts,
                            () -> handler.accept(message));
                } catch (RuntimeException e) {
                    return deadLetter(record, PROCESSING_FAILED, e);
                }
                return record.ack();
            }
        }
    }

    private IncomingMessage accepted(Message<String> record) {
        IncomingMessage message;
        try {
            message = IncomingMessage.from(record, mapper);
        } catch (IllegalArgumentException e) {
            throw new RejectedMessageException(UNPARSEABLE, e.getMessage(), e.getCause());
        }
        if (message.id() == null || message.type() == null) {
            throw new RejectedMessageException(UNPARSEABLE, "no 'id' or 'eventType' header", null);
        }
        List<String> violations;
        try {
            violations = contracts.violations(message.type(), message.payload());
        } catch (IllegalArgumentException e) {
            throw new RejectedMessageException(UNKNOWN_TYPE, e.getMessage(), null);
        }
        if (!violations.isEmpty()) {
            throw new RejectedMessageException(SCHEMA_VIOLATION,
                    message.type() + " violates its contract: " + String.join("; ", violations), null);
        }
        return message;
    }

    private CompletionStage<Void> deadLetter(Message<String> record, DeadLetterReason reason,
            RuntimeException failure) {
        String topic = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
        LOG.errorf(failure, "%s record from %s goes to %s", reason, topic, DeadLetterHeaders.deadLetterTopic(topic));
        Counter.builder("dead.letters").description("Records sent to a dead-letter topic")
                .tag("topic", topic).tag("reason", reason.name())
                .register(meters).increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON_CODE, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        return record.nack(failure, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }

    private static String key(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey).map(Object::toString).orElse(null);
    }
}
