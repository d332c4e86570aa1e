package org.ordersaga.orchestrator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.ordersaga.orchestrator.domain.PlaceOrderSaga;
import org.ordersaga.orchestrator.persistence.SagaRepository;
import org.ordersaga.orchestrator.persistence.SagaRepository.PendingCommand;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per participant, what the sagas wait for and why: commands awaiting a reply, how many of them it has certainly not
 * read yet (queued: the participant is behind, a re-send would not help), its backlog as Kafka counts it, and up to
 * which publication time it has read where it is behind. Lag shows as queued commands; a loss as awaited commands that are not.
 */
@ApplicationScoped
public class ParticipantQueues {

    public record ParticipantQueue(String topic, String group, boolean consuming, long unreadRecords,
                                   Instant readUpTo, long awaitingReply, long queued) {
    }

    private final SagaRepository sagas;
    private final CommandQueues queues;

    public ParticipantQueues(SagaRepository sagas, CommandQueues queues) {
        this.sagas = sagas;
        this.queues = queues;
    }

    @Transactional
    public List<ParticipantQueue> current() {
        Map<String, List<PendingCommand>> pendingByTopic = sagas.pendingCommands().stream()
                .collect(Collectors.groupingBy(pending -> PlaceOrderSaga.step(pending.step()).topic()));
        return queues.current().values().stream().map(queue -> {
            List<PendingCommand> pending = pendingByTopic.getOrDefault(queue.topic(), List.of());
            long queued = pending.stream().filter(command ->
                    queues.queuedAhead(queue.topic(), command.orderId(), command.commandId(),
                            command.sentAt()).isPresent()).count();
            // how far behind: the partition read least far among those with records left to read
            Instant readUpTo = queue.partitions().values().stream().filter(partition -> partition.unread() > 0)
                    .map(CommandQueues.PartitionQueue::lastReadPublishedAt).filter(java.util.Objects::nonNull)
                    .min(Instant::compareTo).orElse(null);
            return new ParticipantQueue(queue.topic(), queue.group(), queue.consuming(), queue.unread(), readUpTo,
                    pending.size(), queued);
        }).sorted(java.util.Comparator.comparing(ParticipantQueue::topic)).toList();
    }
}
