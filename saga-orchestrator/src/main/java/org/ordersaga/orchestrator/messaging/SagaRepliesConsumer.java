package org.ordersaga.orchestrator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.orchestrator.service.ReplyLag;
import org.ordersaga.orchestrator.service.SagaOrchestrator;

import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CompletionStage;

/**
 * {@code saga-replies}: participants' answers, handled in poll order; within one saga only one command is pending at
 * a time, and the version column settles races between replicas. The oldest reply of each poll sets the reply lag.
 */
@ApplicationScoped
public class SagaRepliesConsumer {

    private final SagaMessageHandling handling;
    private final SagaOrchestrator orchestrator;
    private final ReplyLag replyLag;

    public SagaRepliesConsumer(SagaMessageHandling handling, SagaOrchestrator orchestrator, ReplyLag replyLag) {
        this.handling = handling;
        this.orchestrator = orchestrator;
        this.replyLag = replyLag;
    }

    @Incoming("saga-replies")
    // one poll's records in one transaction, one poll after the other
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        batch.getRecords().stream().map(KafkaRecord::getTimestamp).min(Comparator.naturalOrder())
                .ifPresent(oldest -> replyLag.replyHandled(oldest, Instant.now()));
        return handling.handle(batch, orchestrator::onReply);
    }
}
