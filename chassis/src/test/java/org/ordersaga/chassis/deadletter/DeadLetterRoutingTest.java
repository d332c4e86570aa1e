package org.ordersaga.chassis.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.messaging.IncomingMessage;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.persistence.OptimisticLockException;

class DeadLetterRoutingTest {

    private static final String VALID_AUTHORIZE = """
            {"commandId":"6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b","sagaId":"saga-1","orderId":"order-1",
             "customerId":"cust-alice","amountCents":150}""";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadLetterRouting routing = new DeadLetterRouting(new ObjectMapper(), meters, "payment-service");

    /** What the routing did with one record. */
    private static final class Outcome {
        boolean acked;
        Throwable nackedWith;
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
    void theHandlerRunsWithTheOrderAndSagaIdsInTheLogContext() {
        List<Object> seen = new ArrayList<>();
        consume(record(VALID_AUTHORIZE, "AuthorizePayment"), 1, m -> {
            seen.add(MDC.get("orderId"));
            seen.add(MDC.get("sagaId"));
        });

        assertThat(seen).containsExactly("order-1", "saga-1");
        assertThat(MDC.get("orderId")).isNull();
    }

    private Outcome consume(Message<String> record, int attempts, java.util.function.Consumer<IncomingMessage> handler) {
        Outcome outcome = new Outcome();
        Message<String> observed = record
                .withAck(() -> {
                    outcome.acked = true;
                    return CompletableFuture.completedFuture(null);
                })
                .withNackWithMetadata((failure, metadata) -> {
                    outcome.nackedWith = failure;
                    outcome.nackMetadata = metadata;
                    return CompletableFuture.completedFuture(null);
                });
        routing.consume(observed, attempts, handler).toCompletableFuture().join();
        return outcome;
    }

    private static Message<String> record(String value, String eventType) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("id", "row-1".getBytes(StandardCharsets.UTF_8));
        if (eventType != null) {
            headers.add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<String, String> record = new ConsumerRecord<>("payment-commands", 2, 42L, 0L,
                TimestampType.CREATE_TIME, -1, -1, "order-1", value, headers, Optional.empty());
        return Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "payment-commands")));
    }
}
