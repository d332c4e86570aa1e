package org.ordersaga.chassis.messaging;

import static org.ordersaga.chassis.deadletter.DeadLetterReason.PROCESSING_FAILED;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.SCHEMA_VIOLATION;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNKNOWN_TYPE;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNPARSEABLE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;
import org.ordersaga.chassis.deadletter.DeadLetterReason;
import org.ordersaga.chassis.deadletter.RejectedMessageException;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.contracts.Topics;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * How every consumer handles its Kafka records: inside each record's producer trace and with its order and saga IDs in
 * the log context, parse it, check it against its contract, and run the handler in a transaction that this class
 * opens; then acknowledge it. A record that is refused or keeps failing is nacked with its {@link DeadLetterReason};
 * the channel's {@code dead-letter-queue} failure strategy publishes it to {@code <topic>.dead-letter} with its
 * original key, value and headers, and consumption continues with the next record.
 *
 * <p>A batch (a channel with {@code batch=true}) runs the handler for all its accepted records, in order, in one
 * transaction: one commit and one WAL flush for the poll instead of one per record. When that transaction fails, the
 * batch's records are handled again one at a time, each in its own transaction with its retries, so one failing record
 * is dead-lettered alone and the others are applied once.
 *
 * <p>A record handled alone is tried again while its failure is transient ({@link Retries}): a lost race a few times,
 * an unavailable database for as long as it stays away, on this consumer's thread, so that nothing of the poll is
 * settled and the consumer takes no further poll meanwhile. Only a failure that another try would not cure is
 * dead-lettered.
 */
@ApplicationScoped
public class MessageConsumption {

    private static final Logger LOG = Logger.getLogger(MessageConsumption.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final String consumer;
    private final UnitsOfWork work;
    private final Retries retries;
    private final ContractValidator contracts = new ContractValidator();

    /**
     * Where a record's work begins and ends: a transaction of its own, or its part of a poll's transaction, after
     * which its loaded entities are written and forgotten, so that the poll's next records do not check them again at
     * each flush (the cost of a poll stays linear in its size).
     */
    interface UnitsOfWork {
        void inNewTransaction(Runnable work);

        void recordDoneWithinTransaction();
    }

    @Inject
    public MessageConsumption(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String consumer, EntityManager entities,
            Retries retries) {
        this(mapper, meters, consumer, new UnitsOfWork() {
            @Override
            public void inNewTransaction(Runnable work) {
                QuarkusTransaction.requiringNew().run(work);
            }

            @Override
            public void recordDoneWithinTransaction() {
                entities.flush();
                entities.clear();
            }
        }, retries);
    }

    MessageConsumption(ObjectMapper mapper, MeterRegistry meters, String consumer, UnitsOfWork work,
            Retries retries) {
        this.mapper = mapper;
        this.meters = meters;
        this.consumer = consumer;
        this.work = work;
        this.retries = retries;
    }

    /**
     * Handles one record: {@code handler} is tried up to {@code attempts} times while it loses races, and for as long
     * as the database is unavailable ({@link Retries}).
     */
    public CompletionStage<Void> consume(Message<String> record, int attempts, Consumer<IncomingMessage> handler) {
        return unlessInterrupted(List.of(record), () -> settle(handleAlone(record, attempts, handler)));
    }

    /**
     * Handles a poll's records in one transaction, falling back to one record at a time when it fails; every record
     * ends handled or dead-lettered.
     */
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch, int attempts,
            Consumer<IncomingMessage> handler) {
        return consumeTogether(batch.getRecords(), attempts, handler);
    }

    /**
     * Handles a poll's records one at a time, each in its own transaction: for handlers that lock rows many records
     * share (stock, credit), whose locks must not pile up over a poll.
     */
    public CompletionStage<Void> consumeEach(KafkaRecordBatch<String, String> batch, int attempts,
            Consumer<IncomingMessage> handler) {
        return consumeEach(batch.getRecords(), attempts, handler);
    }

    CompletionStage<Void> consumeEach(List<? extends Message<String>> records, int attempts,
            Consumer<IncomingMessage> handler) {
        countPoll(records);
        return unlessInterrupted(records, () -> eachAlone(records, attempts, handler));
    }

    CompletionStage<Void> consumeTogether(List<? extends Message<String>> records, int attempts,
            Consumer<IncomingMessage> handler) {
        countPoll(records);
        return unlessInterrupted(records, () -> together(records, attempts, handler));
    }

    /**
     * Interrupted while waiting for the database (the service stops): nothing is settled, so the records stay
     * uncommitted and are delivered again to whoever consumes the partition next.
     */
    private static CompletionStage<Void> unlessInterrupted(List<? extends Message<String>> records,
            Supplier<CompletionStage<Void>> consumption) {
        try {
            return consumption.get();
        } catch (Retries.Interrupted e) {
            LOG.warnf("%s; %d record(s) of %s left unsettled for redelivery", e.getMessage(), records.size(),
                    records.isEmpty() ? "unknown" : topic(records.get(0)));
            return new CompletableFuture<>();
        }
    }

    private CompletionStage<Void> together(List<? extends Message<String>> records, int attempts,
            Consumer<IncomingMessage> handler) {
        if (records.size() <= 1) {
            return eachAlone(records, attempts, handler);
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<Outcome> accepted = new ArrayList<>();
        for (Message<String> record : records) {
            Outcome outcome = checked(record);
            outcomes.add(outcome);
            if (outcome.failure() == null) {
                accepted.add(outcome);
            }
        }
        if (accepted.isEmpty()) {
            return settle(outcomes);
        }
        try {
            work.inNewTransaction(() -> accepted.forEach(one -> inContext(one.record(), one.message(), () -> {
                handler.accept(one.message());
                work.recordDoneWithinTransaction();
            })));
        } catch (RuntimeException batchFailure) {
            String topic = topic(records.get(0));
            LOG.warnf("A batch of %d records from %s failed (%s); handling them one at a time", accepted.size(),
                    topic, batchFailure.toString());
            Counter.builder("consumer.batch.fallbacks")
                    .description("Batches whose transaction failed and whose records were handled one at a time")
                    .tag("topic", topic).register(meters).increment();
            outcomes.replaceAll(outcome -> outcome.failure() == null
                    ? handleAlone(outcome.record(), outcome.message(), attempts, handler)
                    : outcome);
        }
        return settle(outcomes);
    }

    private CompletionStage<Void> eachAlone(List<? extends Message<String>> records, int attempts,
            Consumer<IncomingMessage> handler) {
        return settle(records.stream().map(record -> handleAlone(record, attempts, handler)).toList());
    }

    private void countPoll(List<? extends Message<String>> records) {
        if (!records.isEmpty()) {
            DistributionSummary.builder("consumer.batch.records")
                    .description("Records of one poll").tag("topic", topic(records.get(0)))
                    .register(meters).record(records.size());
        }
    }

    /**
     * What became of a record: handled ({@code failure} null) or to be dead-lettered for {@code reason}; the message is
     * null when the record could not be read.
     */
    private record Outcome(Message<String> record, IncomingMessage message, DeadLetterReason reason,
                           RuntimeException failure) {

        static Outcome handled(Message<String> record, IncomingMessage message) {
            return new Outcome(record, message, null, null);
        }
    }

    private Outcome checked(Message<String> record) {
        try (Scope trace = MessageTracing.continueTrace(record)) {
            return Outcome.handled(record, accepted(record));
        } catch (RejectedMessageException e) {
            return new Outcome(record, null, e.reason(), e);
        }
    }

    private Outcome handleAlone(Message<String> record, int attempts, Consumer<IncomingMessage> handler) {
        Outcome checked = checked(record);
        return checked.failure() == null ? handleAlone(record, checked.message(), attempts, handler) : checked;
    }

    private Outcome handleAlone(Message<String> record, IncomingMessage message, int attempts,
            Consumer<IncomingMessage> handler) {
        try {
            inContext(record, message, () -> retries.run(message.type() + " " + message.id(), attempts,
                    () -> work.inNewTransaction(() -> handler.accept(message))));
            return Outcome.handled(record, message);
        } catch (Retries.Interrupted e) {
            throw e;
        } catch (RuntimeException e) {
            return new Outcome(record, message, PROCESSING_FAILED, e);
        }
    }

    /**
     * Acknowledges a poll once all its work is committed. SmallRye commits a partition up to its poll's last record
     * when that one is acked (and tracks no other record of the poll), so the dead letters go first and the last record
     * of each partition is settled only after them; the other handled records need no acknowledgement of their own.
     */
    private CompletionStage<Void> settle(List<Outcome> outcomes) {
        Map<String, Outcome> lastOfPartition = new LinkedHashMap<>();
        outcomes.forEach(outcome -> lastOfPartition.put(partition(outcome.record()), outcome));
        List<CompletionStage<Void>> deadLetters = outcomes.stream()
                .filter(outcome -> outcome.failure() != null && !lastOfPartition.containsValue(outcome))
                .map(this::settle).toList();
        return allOf(deadLetters).thenCompose(done -> allOf(lastOfPartition.values().stream().map(this::settle)
                .toList()));
    }

    private CompletionStage<Void> settle(Outcome outcome) {
        return outcome.failure() == null
                ? outcome.record().ack()
                : deadLetter(outcome.record(), outcome.message(), outcome.reason(), outcome.failure());
    }

    private static String partition(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getTopic() + "-" + kafka.getPartition()).orElse("unknown");
    }

    private static CompletionStage<Void> allOf(List<CompletionStage<Void>> outcomes) {
        return CompletableFuture.allOf(outcomes.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private static void inContext(Message<String> record, IncomingMessage message, Runnable work) {
        try (Scope trace = MessageTracing.continueTrace(record);
                LogContext.Scope ids = LogContext.forOrder(orderId(record, message), message.text("sagaId"))) {
            work.run();
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

    private CompletionStage<Void> deadLetter(Message<String> record, IncomingMessage message,
            DeadLetterReason reason, RuntimeException failure) {
        String topic = topic(record);
        try (Scope trace = MessageTracing.continueTrace(record);
                LogContext.Scope ids = LogContext.forOrder(orderId(record, message),
                        message == null ? null : message.text("sagaId"))) {
            LOG.errorf(failure, "%s record from %s goes to %s", reason, topic,
                    Topics.deadLetter(topic));
        }
        Counter.builder("dead.letters").description("Records sent to a dead-letter topic")
                .tag("topic", topic).tag("reason", reason.name())
                .register(meters).increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON_CODE, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        return record.nack(failure, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }

    private static String topic(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
    }

    /** The payload's order ID, else the record's key (the order ID): the best clue when the payload cannot be read. */
    private static String orderId(Message<String> record, IncomingMessage message) {
        String fromPayload = message == null ? null : message.text("orderId");
        if (fromPayload != null) {
            return fromPayload;
        }
        return message != null ? message.key() : record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey).map(Object::toString).orElse(null);
    }
}
