package org.ordersaga.orchestrator.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each participant has not read yet, from Kafka itself: per command topic, the committed offsets of the
 * participant's consumer group against the partitions' end offsets, whether the group has members, and when the last
 * record the group read in each partition was published. Read every {@code orchestrator.queues.refresh-every}.
 *
 * <p>The orchestrator's own reply topic is read the same way: a reply may be waiting there, unread. Timestamps are the
 * relay's (Kafka Connect's in k8s); a record stamped by another clock (a dead-letter replay) can make a hold wrong,
 * never longer than {@code orchestrator.queues.max-wait}.
 *
 * <p>A command sent after the last record its participant read in the command's partition was published has not been
 * read (records of a partition are published in order): it is unread behind older records, or still on its way
 * through the outbox and the relay. Re-sending it only adds a copy behind the original. That is the difference
 * between a participant that is behind and one that lost the command.
 */
@ApplicationScoped
public class CommandQueues {

    private static final Logger LOG = Logger.getLogger(CommandQueues.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One partition: records the group has not read, and when the last record it has read was published (null when
     * it has read none).
     */
    public record PartitionQueue(int partition, long unread, Instant lastReadPublishedAt) {
    }

    /** One command topic as its participant's group reads it. */
    public record Queue(String topic, String group, boolean consuming, int partitionCount,
                        Map<Integer, PartitionQueue> partitions) {

        public long unread() {
            return partitions.values().stream().mapToLong(PartitionQueue::unread).sum();
        }
    }

    private final Map<String, String> groupByTopic;
    private final String replyTopic;
    private final String bootstrapServers;
    private volatile Map<String, Queue> queues = Map.of();
    /** Touched by the refreshing thread only. */
    private final Map<TopicPartition, LastRead> lastReads = new HashMap<>();
    private boolean unreadable;
    private boolean closed;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> reader;

    public CommandQueues(OrchestratorConfig config, MeterRegistry registry,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.incoming.saga-replies.topic") String replyTopic,
                         @ConfigProperty(name = "mp.messaging.incoming.saga-replies.group.id") String ownGroup) {
        Map<String, String> groups = new LinkedHashMap<>(config.queues().groups());
        groups.put(replyTopic, ownGroup);
        this.groupByTopic = Map.copyOf(groups);
        this.replyTopic = replyTopic;
        this.bootstrapServers = bootstrapServers;
        groupByTopic.keySet().forEach(topic -> Gauge.builder("saga.command.backlog", this,
                        self -> Optional.ofNullable(self.queues.get(topic)).map(Queue::unread).orElse(0L))
                .description("Records on this topic that its consumer group (a participant, or this orchestrator for"
                        + " the replies) has not read yet")
                .tag("topic", topic)
                .register(registry));
    }

    /** The latest reading, by topic; empty until the first one succeeded. */
    public Map<String, Queue> current() {
        return queues;
    }

    /**
     * Why a command for {@code orderId} on {@code topic}, first sent at {@code sentAt}, has certainly not been read by
     * a participant that is consuming: the last record its group read in the command's partition was published before
     * the command was sent, so the command is unread behind it, or not published yet. Empty when it may have been read
     * (or nothing is known).
     */
    public Optional<String> queuedAhead(String topic, String orderId, Instant sentAt) {
        Queue queue = queues.get(topic);
        if (queue == null || !queue.consuming() || sentAt == null || queue.partitionCount() == 0) {
            return Optional.empty();
        }
        int partition = partitionOf(orderId, queue.partitionCount());
        PartitionQueue position = queue.partitions().get(partition);
        if (position == null || (position.lastReadPublishedAt() != null
                && !position.lastReadPublishedAt().isBefore(sentAt))) {
            return Optional.empty();
        }
        return Optional.of("not read yet: %s has read %s-%d up to a record published %s, %d records unread".formatted(
                queue.group(), topic, partition, position.lastReadPublishedAt(), position.unread()));
    }

    /**
     * Why a reply to a command for {@code orderId}, first sent at {@code sentAt}, may be waiting unread in this
     * orchestrator's own input: the last reply its group read in the order's partition was published before the
     * command was sent, and records are left to read there. Empty when a reply to it would have been read.
     */
    public Optional<String> repliesUnread(String orderId, Instant sentAt) {
        Queue queue = queues.get(replyTopic);
        if (queue == null || sentAt == null || queue.partitionCount() == 0) {
            return Optional.empty();
        }
        int partition = partitionOf(orderId, queue.partitionCount());
        PartitionQueue position = queue.partitions().get(partition);
        if (position == null || position.unread() == 0 || (position.lastReadPublishedAt() != null
                && !position.lastReadPublishedAt().isBefore(sentAt))) {
            return Optional.empty();
        }
        return Optional.of("replies unread: %s has read %s-%d up to a record published %s, %d records unread"
                .formatted(queue.group(), replyTopic, partition, position.lastReadPublishedAt(), position.unread()));
    }

    /** The partition Kafka's default partitioner gives a record keyed by the order ID (the relay's key). */
    static int partitionOf(String orderId, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    @Scheduled(every = "${orchestrator.queues.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        if (closed) {
            return;
        }
        try {
            queues = read();
            unreadable = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Nothing known holds no deadline: they count as if every command might have been read.
            if (!unreadable) {
                LOG.warnf("Cannot read the participants' queues (deadlines count as if every command was read): %s",
                        e.toString());
            }
            unreadable = true;
            queues = Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void stop(@Observes ShutdownEvent stopping) {
        closed = true;
        if (reader != null) {
            reader.close(Duration.ofSeconds(1));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private Map<String, Queue> read() throws ExecutionException, InterruptedException, TimeoutException {
        connect();
        Map<String, TopicDescription> topics = admin.describeTopics(groupByTopic.keySet()).allTopicNames()
                .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ConsumerGroupDescription> groups = new HashMap<>();
        DescribeConsumerGroupsResult described = admin.describeConsumerGroups(Set.copyOf(groupByTopic.values()));
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> group : described.describedGroups().entrySet()) {
            try {
                groups.put(group.getKey(), group.getValue().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                LOG.debugf("Cannot describe group %s: %s", group.getKey(), e.getCause().toString());
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.values().forEach(topic -> topic.partitions().forEach(
                p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groupByTopic.forEach((topic, group) -> specs.computeIfAbsent(group, g -> new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : specs.keySet()) {
            try {
                committed.put(group, offsets.partitionsToOffsetAndMetadata(group)
                        .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                // a group that never committed (its service not started yet): nothing known of its queue
                LOG.debugf("No committed offsets of %s: %s", group, e.getCause().toString());
            }
        }

        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        ends.keySet().forEach(partition -> {
            OffsetAndMetadata position = committed.getOrDefault(groupByTopic.get(partition.topic()), Map.of())
                    .get(partition);
            if (position != null) {
                positions.put(partition, position.offset());
            }
        });
        Map<TopicPartition, Instant> lastRead = lastReadPublished(positions);

        Map<String, Queue> read = new LinkedHashMap<>();
        groupByTopic.forEach((topic, group) -> {
            TopicDescription description = topics.get(topic);
            ConsumerGroupDescription members = groups.get(group);
            Map<Integer, PartitionQueue> partitions = new LinkedHashMap<>();
            positions.forEach((partition, position) -> {
                if (partition.topic().equals(topic) && (position == 0 || lastRead.containsKey(partition))) {
                    partitions.put(partition.partition(), new PartitionQueue(partition.partition(),
                            ends.get(partition).offset() - position, lastRead.get(partition)));
                }
            });
            read.put(topic, new Queue(topic, group, members != null && !members.members().isEmpty(),
                    description == null ? 0 : description.partitions().size(), Map.copyOf(partitions)));
        });
        return Map.copyOf(read);
    }

    /**
     * When the last record each group read was published (the record before its committed offset): read again only
     * for a partition whose committed offset moved since the last reading.
     */
    private Map<TopicPartition, Instant> lastReadPublished(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Instant> published = new HashMap<>();
        Map<TopicPartition, Long> toRead = new HashMap<>();
        positions.forEach((partition, position) -> {
            LastRead known = lastReads.get(partition);
            if (position == 0) {
                lastReads.remove(partition);
            } else if (known != null && known.position() == position) {
                published.put(partition, known.publishedAt());
            } else {
                toRead.put(partition, position - 1);
            }
        });
        if (toRead.isEmpty()) {
            return published;
        }
        reader.assign(toRead.keySet());
        toRead.forEach(reader::seek);
        long giveUpAt = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        Map<TopicPartition, Instant> fresh = new HashMap<>();
        while (fresh.size() < toRead.size() && System.nanoTime() < giveUpAt) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (fresh.putIfAbsent(partition, Instant.ofEpochMilli(record.timestamp())) == null) {
                    reader.pause(List.of(partition));
                    lastReads.put(partition, new LastRead(toRead.get(partition) + 1, fresh.get(partition)));
                }
            }
        }
        reader.resume(reader.paused());
        published.putAll(fresh);
        return published;
    }

    private record LastRead(long position, Instant publishedAt) {
    }

    private void connect() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "saga-orchestrator-queues",
                    // a call abandoned after KAFKA_TIMEOUT must not stay queued in the client for a minute
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis()));
        }
        if (reader == null) {
            reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "saga-orchestrator-queue-reader",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4096),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }
}
