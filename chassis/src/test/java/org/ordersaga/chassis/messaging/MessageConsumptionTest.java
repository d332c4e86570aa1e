package org.ordersaga.chassis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.persistence.OptimisticLockException;

class MessageConsumptionTest {

    private static final String VALID_AUTHORIZE = """
            {"commandId":"6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b","sagaId":"saga-1","orderId":"order-1",
             "customerId":"cust-alice","amountCents":150}""";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Transactions transactions = new Transactions();
    /** The waits between retries, instead of waiting. */
    private final List<Duration> waits = new ArrayList<>();
    private final MessageConsumption consumption = new MessageConsumption(new ObjectMapper(), meters,
            "payment-service", transactions, new Retries(new Backoff(Duration.ofMillis(10), 2.0,
                    Duration.ofMillis(100)), waits::add));

    /** What the routing did with one record. */
    private static final class Outcome {
        boolean acked;
        Throwable nackedWith;
        int settledAs;
        Metadata nackMetadata;

        String reasonCode() {
            Header header = nackMetadata.get(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()
                    .lastHeader(DeadLetterHeaders.REASON_CODE);
            return new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aValidRecordIsHandledOnceAndAcknowledged() {
        List<IncomingMessage> handled = new ArrayList<>();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 3, handled::add);

        assertThat(outcome.acked).isTrue();
        assertThat(outcome.nackedWith).isNull();
        assertThat(handled).singleElement().satisfies(m -> assertThat(m.text("orderId")).isEqualTo("order-1"));
        assertThat(meters.find("dead.letters").counter()).isNull();
    }

    @Test
    void aPayloadThatIsNotJsonIsDeadLetteredUnparseableWithoutCallingTheHandler() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record("{not json", "AuthorizePayment"), 3, m -> calls.incrementAndGet());

        assertThat(outcome.acked).isFalse();
        assertThat(outcome.reasonCode()).isEqualTo("UNPARSEABLE");
        assertThat(calls).hasValue(0);
        assertThat(meters.get("dead.letters").tag("topic", "payment-commands").tag("reason", "UNPARSEABLE")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRecordWithoutTheRelayHeadersIsUnparseable() {
        Outcome outcome = consume(record(VALID_AUTHORIZE, null), 3, m -> { });

        assertThat(outcome.reasonCode()).isEqualTo("UNPARSEABLE");
        assertThat(outcome.nackedWith).hasMessageContaining("eventType");
    }

    @Test
    void aTypeWithoutContractIsDeadLetteredAsUnknownType() {
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorisePaymentTypo"), 3, m -> { });

        assertThat(outcome.reasonCode()).isEqualTo("UNKNOWN_TYPE");
    }

    @Test
    void aPayloadViolatingItsContractIsDeadLetteredWithTheViolationsAndNeverHandled() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record("""
                {"commandId":"6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b","sagaId":"saga-1","orderId":"order-1",
                 "amountCents":"a lot"}""", "AuthorizePayment"), 3, m -> calls.incrementAndGet());

        assertThat(outcome.reasonCode()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(outcome.nackedWith).hasMessageContaining("customerId").hasMessageContaining("amountCents");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aTransientFailureIsRetriedAndTheRecordAcknowledgedOnceItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 3, m -> {
            if (calls.incrementAndGet() < 3) {
                throw new OptimisticLockException("lost a race");
            }
        });

        assertThat(calls).hasValue(3);
        assertThat(outcome.acked).isTrue();
        assertThat(waits).as("a race is retried at once").isEmpty();
    }

    @Test
    void aHandlerThatKeepsFailingDeadLettersTheRecordAfterItsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 3, m -> {
            calls.incrementAndGet();
            throw new OptimisticLockException("always loses");
        });

        assertThat(calls).hasValue(3);
        assertThat(outcome.reasonCode()).isEqualTo("PROCESSING_FAILED");
        assertThat(outcome.nackedWith).isInstanceOf(OptimisticLockException.class);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 3, m -> {
            calls.incrementAndGet();
            throw new IllegalStateException("broken");
        });

        assertThat(calls).hasValue(1);
        assertThat(outcome.reasonCode()).isEqualTo("PROCESSING_FAILED");
        Header consumer = outcome.nackMetadata.get(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()
                .lastHeader(DeadLetterHeaders.CONSUMER);
        assertThat(new String(consumer.value(), StandardCharsets.UTF_8)).isEqualTo("payment-service");
    }

    @Test
    void aLostDatabaseIsWaitedForBeyondTheRaceAttemptsWithoutSettlingTheRecordMeanwhile() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = new Outcome();
        List<Boolean> settledWhileAway = new ArrayList<>();
        consumption.consume(observed(record(VALID_AUTHORIZE, "AuthorizePayment"), outcome), 3, m -> {
            settledWhileAway.add(outcome.settledAs != 0);
            if (calls.incrementAndGet() <= 6) {
                throw databaseAway();
            }
        }).toCompletableFuture().join();

        assertThat(calls).hasValue(7);
        assertThat(settledWhileAway).hasSize(7).containsOnly(false);
        assertThat(waits).extracting(Duration::toMillis).containsExactly(10L, 20L, 40L, 80L, 100L, 100L);
        assertThat(outcome.acked).isTrue();
        assertThat(outcome.nackedWith).isNull();
        assertThat(meters.find("dead.letters").counter()).isNull();
    }

    @Test
    void aPoolThatGivesNoConnectionIsWaitedForLikeALostDatabase() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 1, m -> {
            if (calls.incrementAndGet() <= 2) {
                throw new GenericJDBCException("Unable to acquire JDBC Connection",
                        new SQLException("Acquisition timeout while waiting for new connection",
                                new TimeoutException()));
            }
        });

        assertThat(calls).hasValue(3);
        assertThat(outcome.acked).isTrue();
    }

    @Test
    void aPermanentFailureAfterTheDatabaseCameBackIsStillDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        Outcome outcome = consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 3, m -> {
            if (calls.incrementAndGet() == 1) {
                throw databaseAway();
            }
            throw new IllegalStateException("a bug");
        });

        assertThat(calls).hasValue(2);
        assertThat(outcome.reasonCode()).isEqualTo("PROCESSING_FAILED");
        assertThat(outcome.nackedWith).hasMessage("a bug");
    }

    @Test
    void aConsumerStoppedWhileWaitingForTheDatabaseSettlesNothing() {
        Outcome outcome = new Outcome();
        MessageConsumption stopping = new MessageConsumption(new ObjectMapper(), meters, "payment-service",
                transactions, new Retries(new Backoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(100)),
                        wait -> {
                            throw new InterruptedException("shutdown");
                        }));

        var settled = stopping.consume(observed(record(VALID_AUTHORIZE, "AuthorizePayment"), outcome), 3,
                m -> {
                    throw databaseAway();
                }).toCompletableFuture();

        assertThat(settled).isNotDone();
        assertThat(outcome.settledAs).isZero();
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    @Test
    void theHandlerRunsWithTheOrderAndSagaIdsInTheLogContext() {
        List<Object> seen = new ArrayList<>();
        consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 1, m -> {
            seen.add(MDC.get("orderId"));
            seen.add(MDC.get("sagaId"));
        });

        assertThat(seen).containsExactly("order-1", "saga-1");
        assertThat(MDC.get("orderId")).isNull();
    }

    @Nested
    class APoll {

        @Test
        void isHandledInOneTransactionInItsOrderAndEveryRecordAcknowledged() {
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1"), command("order-2"),
                    command("order-3")), m -> transactions.apply(m.text("orderId")));

            assertThat(transactions.begun).isEqualTo(1);
            assertThat(transactions.recordsDoneWithin).isEqualTo(3);
            assertThat(transactions.applied).containsExactly("order-1", "order-2", "order-3");
            // acking the partition's last record commits the whole poll; SmallRye tracks no other of its records
            assertThat(outcomes).extracting(outcome -> outcome.acked).containsExactly(false, false, true);
            assertThat(meters.get("consumer.batch.records").tag("topic", "payment-commands").summary().max())
                    .isEqualTo(3.0);
        }

        @Test
        void deadLettersARefusedRecordAloneAndHandlesTheOthersTogether() {
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1"),
                    record("{not json", "AuthorizePayment"), command("order-3")),
                    m -> transactions.apply(m.text("orderId")));

            assertThat(transactions.begun).isEqualTo(1);
            assertThat(transactions.applied).containsExactly("order-1", "order-3");
            assertThat(outcomes.get(1).reasonCode()).isEqualTo("UNPARSEABLE");
            assertThat(outcomes.get(2).acked).isTrue();
        }

        @Test
        void whoseTransactionFailsIsHandledAgainOneRecordAtATimeSoOnlyTheFailingRecordIsDeadLettered() {
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1"), command("poison"),
                    command("order-3")), m -> {
                        transactions.apply(m.text("orderId"));
                        if (m.text("orderId").equals("poison")) {
                            throw new IllegalStateException("the database refuses it");
                        }
                    });

            // the poll's transaction, then one per record
            assertThat(transactions.begun).isEqualTo(4);
            assertThat(transactions.applied).containsExactly("order-1", "order-3");
            assertThat(outcomes.get(1).reasonCode()).isEqualTo("PROCESSING_FAILED");
            assertThat(outcomes.get(2).acked).isTrue();
            assertThat(meters.get("consumer.batch.fallbacks").tag("topic", "payment-commands").counter().count())
                    .isEqualTo(1.0);
        }

        @Test
        void thatLostARaceIsAppliedOnceWhenItsRecordsAreHandledAgain() {
            AtomicInteger races = new AtomicInteger();
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1"), command("order-2")), m -> {
                transactions.apply(m.text("orderId"));
                if (m.text("orderId").equals("order-2") && races.getAndIncrement() < 2) {
                    throw new OptimisticLockException("lost a race");
                }
            });

            assertThat(transactions.applied).containsExactly("order-1", "order-2");
            assertThat(outcomes.get(1).acked).isTrue();
        }

        @Test
        void isCommittedOnlyAfterItsDeadLettersWereSentEvenWhenTheLastRecordIsOneOfThem() {
            List<Outcome> outcomes = consumeTogether(3, List.of(record("{not json", "AuthorizePayment"),
                    command("order-2"), record("{nor this", "AuthorizePayment")), m -> { });

            assertThat(outcomes.get(0).settledAs).isEqualTo(1);
            // the last record settles the partition: after the earlier dead letter, never before
            assertThat(outcomes.get(2).settledAs).isEqualTo(2);
            assertThat(outcomes.get(2).reasonCode()).isEqualTo("UNPARSEABLE");
            assertThat(outcomes.get(1).acked).isFalse();
        }

        @Test
        void settlesTheLastRecordOfEveryPartition() {
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1", 0, 7), command("order-2", 1, 3),
                    command("order-3", 0, 8)), m -> { });

            assertThat(outcomes).extracting(outcome -> outcome.acked).containsExactly(false, true, true);
        }

        @Test
        void ofRecordsHandledEachAloneIsSettledTheSameWay() {
            List<Outcome> outcomes = consumePoll(List.of(command("order-1"), command("poison"), command("order-3")),
                    observed -> consumption.consumeEach(observed, 1, m -> {
                        transactions.apply(m.text("orderId"));
                        if (m.text("orderId").equals("poison")) {
                            throw new IllegalStateException("the database refuses it");
                        }
                    }));

            assertThat(transactions.begun).isEqualTo(3);
            assertThat(transactions.applied).containsExactly("order-1", "order-3");
            assertThat(outcomes.get(1).reasonCode()).isEqualTo("PROCESSING_FAILED");
            assertThat(outcomes).extracting(outcome -> outcome.acked).containsExactly(false, false, true);
        }

        @Test
        void whoseDatabaseIsAwayWaitsForItAndAppliesEveryRecordOnceWithoutDeadLetters() {
            AtomicInteger calls = new AtomicInteger();
            List<Outcome> outcomes = consumeTogether(3, List.of(command("order-1"), command("order-2"),
                    command("order-3")), m -> {
                        if (calls.incrementAndGet() <= 5) {
                            throw databaseAway();
                        }
                        transactions.apply(m.text("orderId"));
                    });

            assertThat(transactions.applied).containsExactly("order-1", "order-2", "order-3");
            assertThat(outcomes).extracting(outcome -> outcome.nackedWith).containsOnlyNulls();
            assertThat(outcomes.get(2).acked).isTrue();
        }

        @Test
        void runsEachHandlerWithItsOwnOrderInTheLogContext() {
            List<Object> seen = new ArrayList<>();
            consumeTogether(1, List.of(command("order-1"), command("order-2")), m -> seen.add(MDC.get("orderId")));

            assertThat(seen).containsExactly("order-1", "order-2");
            assertThat(MDC.get("orderId")).isNull();
        }
    }

    /** What PgJDBC and Hibernate throw when the connection to PostgreSQL is lost. */
    private static RuntimeException databaseAway() {
        return new JDBCConnectionException("could not execute statement",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    }

    /**
     * A handler's effects ({@link #apply}) become visible when its transaction completes; a transaction that throws
     * leaves none, as a rolled-back database transaction would.
     */
    private static final class Transactions implements MessageConsumption.UnitsOfWork {
        final List<String> applied = new ArrayList<>();
        int begun;
        int recordsDoneWithin;
        private List<String> pending = new ArrayList<>();

        @Override
        public void inNewTransaction(Runnable work) {
            begun++;
            pending = new ArrayList<>();
            work.run();
            applied.addAll(pending);
        }

        @Override
        public void recordDoneWithinTransaction() {
            recordsDoneWithin++;
        }

        void apply(String effect) {
            pending.add(effect);
        }
    }

    private List<Outcome> consumeTogether(int attempts, List<Message<String>> records,
            java.util.function.Consumer<IncomingMessage> handler) {
        return consumePoll(records, observed -> consumption.consumeTogether(observed, attempts, handler));
    }

    /** Hands {@code records}, each observed, to {@code consume} and returns what became of each. */
    private List<Outcome> consumePoll(List<Message<String>> records,
            java.util.function.Function<List<Message<String>>, java.util.concurrent.CompletionStage<Void>> consume) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Message<String>> observed = records.stream().map(record -> {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            return observed(record, outcome);
        }).toList();
        consume.apply(observed).toCompletableFuture().join();
        return outcomes;
    }

    private final AtomicInteger offsets = new AtomicInteger(100);

    /** A valid command at the next offset of partition 2. */
    private Message<String> command(String orderId) {
        return command(orderId, 2, offsets.incrementAndGet());
    }

    private static Message<String> command(String orderId, int partition, long offset) {
        return record(VALID_AUTHORIZE.replace("order-1", orderId), "AuthorizePayment", partition, offset);
    }

    private Outcome consume(Message<String> record, int attempts, java.util.function.Consumer<IncomingMessage> handler) {
        Outcome outcome = new Outcome();
        consumption.consume(observed(record, outcome), attempts, handler).toCompletableFuture().join();
        return outcome;
    }

    private final AtomicInteger settled = new AtomicInteger();

    private Message<String> observed(Message<String> record, Outcome outcome) {
        return record
                .withAck(() -> {
                    outcome.acked = true;
                    outcome.settledAs = settled.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                })
                .withNackWithMetadata((failure, metadata) -> {
                    outcome.nackedWith = failure;
                    outcome.settledAs = settled.incrementAndGet();
                    outcome.nackMetadata = metadata;
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static Message<String> record(String value, String eventType) {
        return record(value, eventType, 2, 42L);
    }

    private static Message<String> record(String value, String eventType, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("id", "row-1".getBytes(StandardCharsets.UTF_8));
        if (eventType != null) {
            headers.add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<String, String> record = new ConsumerRecord<>("payment-commands", partition, offset, 0L,
                TimestampType.CREATE_TIME, -1, -1, "order-1", value, headers, Optional.empty());
        return Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "payment-commands")));
    }
}
