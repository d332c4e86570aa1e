package org.ordersaga.orchestrator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.orchestrator.service.ReplyLag;
import org.ordersaga.orchestrator.service.SagaOrchestrator;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * {@code saga-replies}: participants' answers. Handled out of order across sagas; within one saga only one command
 * is pending at a time, and the version column settles races between replicas.
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
    // a bounded pool (application.properties): never more concurrent transactions than DB connections
    @Blocking(value = "saga-workers", ordered = false)
    public CompletionStage<Void> consume(Message<String> record) {
        record.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(kafka -> replyLag.replyHandled(kafka.getTimestamp(), Instant.now()));
        return handling.handle(record, orchestrator::onReply);
    }
}
