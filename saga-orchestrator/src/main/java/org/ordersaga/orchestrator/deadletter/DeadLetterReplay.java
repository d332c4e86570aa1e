package org.ordersaga.orchestrator.deadletter;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.rest.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Re-publishes a dead letter's original key, payload and headers (so also its {@code id}, which the consumer's inbox
 * dedupes, and its {@code traceparent}) to the original topic. Sent straight to Kafka, not through the outbox: it is
 * no business effect of this service, and the consumer's inbox makes a second delivery harmless.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final DeadLetterRepository deadLetters;
    private final Emitter<String> replays;

    public DeadLetterReplay(DeadLetterRepository deadLetters, @Channel("dead-letter-replays") Emitter<String> replays) {
        this.deadLetters = deadLetters;
        this.replays = replays;
    }

    /** Replays it once and records who did; the mark is rolled back when Kafka does not take the record. */
    @Transactional
    public DeadLetter replay(long id, String operator) {
        DeadLetter letter = deadLetters.findForUpdate(id)
                .orElseThrow(() -> new ProblemException(404, "Dead letter not found", "No dead letter with id " + id));
        letter.markReplayed(operator, Instant.now());
        try (LogContext.Scope ids = LogContext.forOrder(letter.getKey(), null)) {
            publish(letter);
            LOG.infof("Dead letter %d replayed to %s by %s", id, letter.getTopic(), operator);
        }
        return letter;
    }

    private void publish(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.getHeaders().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        replays.send(Message.of(letter.getPayload(),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withTopic(letter.getTopic())
                        .withKey(letter.getKey()).withHeaders(headers).build()),
                () -> {
                    sent.complete(null);
                    return sent;
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(503, "Replay failed", "Kafka did not take the record: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "Replay failed", "Interrupted while sending");
        }
    }
}
