package org.ordersaga.orchestrator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each participant has not read yet, from Kafka itself: per command topic, the committed offsets of the
 * participant's consumer group against the partitions' end offsets, whether the group has members, which commands
 * wait in the unread part of each partition, and when the last record the group read there was published. Read every
 * {@code ordersaga.orchestrator.queues.refresh-every}.
 *
 * <p>A command found at or after its group's committed offset has not been read: re-sending it only adds a copy
 * behind the original. That is the difference between a participant that is behind and one that lost the command.
 * The unread part of a partition is read once, record by record as it grows, and only while it is not empty.
 *
 * <p>A command not found there was read, or is still on its way through the outbox and the relay. For the second, the
 * timestamps tell: a command sent after the last record its participant read was published has not been read
 * (records of a partition are published in order). The orchestrator's own reply topic is judged by timestamps alone:
 * a reply may be waiting there, unread. Timestamps are the relay's (Kafka Connect's in k8s); a record stamped by
 * another clock (a dead-letter replay) can make a hold wrong, never longer than
 * {@code ordersaga.orchestrator.queues.max-wait}.
 *
 * <p>A refresh that fails or comes late keeps the last good reading while it is recent
 * ({@code ordersaga.orchestrator.queues.stale-after}, {@link RecentReading}); past that, nothing is known and
 * nothing is held.
 */
@Startup // created at start, not at the first refresh: a wrong stale-after fails the start
@ApplicationScoped
public class CommandQueues {

    private static final Logger LOG = Logger.getLogger(CommandQueues.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One partition: the group's committed offset, records it has not read, when the last record it has read was
     * published (null when it has read none), and the offset of each command found among the unread records.
     */
    public record PartitionQueue(int partition, long position, long unread, Instant lastReadPublishedAt,
                                 Map<UUID, Long> unreadCommands) {
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
    private final Map<String, Object> security;
    private final RecentReading<Map<String, Queue>> reading;
    /** Touched by the refreshing thread only. */
    private final Map<TopicPartition, LastRead> lastReads = new HashMap<>();
    /** Touched by the refreshing thread only. */
    private final Map<TopicPartition, UnreadCommands> unreadCommands = new HashMap<>();
    private boolean closed;
    private Admin admin;
    /** Reads the one record before each committed offset: small fetches. */
    private KafkaConsumer<byte[], byte[]> reader;
    /** Reads the unread records of every topic: whole fetches. */
    private KafkaConsumer<byte[], byte[]> scanner;

    public CommandQueues(OrchestratorConfig config, MeterRegistry registry,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         @ConfigProperty(name = "mp.messaging.incoming.saga-replies.topic") String replyTopic,
                         @ConfigProperty(name = "mp.messaging.incoming.saga-replies.group.id") String ownGroup) {
        this.reading = new RecentReading<>(config.queues().staleAfter(), config.queues().refreshEvery());
        Map<String, String> groups = new LinkedHashMap<>(config.queues().groups());
        groups.put(replyTopic, ownGroup);
        this.groupByTopic = Map.copyOf(groups);
        this.replyTopic = replyTopic;
        this.bootstrapServers = bootstrapServers;
        this.security = security(kafkaConfig);
        groupByTopic.keySet().forEach(topic -> Gauge.builder("saga.command.backlog", this,
                        self -> Optional.ofNullable(self.current().get(topic)).map(Queue::unread).orElse(0L))
                .description("Records on this topic that its consumer group (a participant, or this orchestrator for"
                        + " the replies) has not read yet")
                .tag("topic", topic)
                .register(registry));
    }

    /** The last good reading, by topic, while it is recent; empty before the first one and once it is stale. */
    public Map<String, Queue> current() {
        return reading.at(Instant.now()).orElse(Map.of());
    }

    /**
     * Why command {@code commandId} for {@code orderId} on {@code topic}, first sent at {@code sentAt}, has certainly
     * not been read by a participant that is consuming: it waits among the unread records of its partition, or the
     * last record its group read there was published before the command was sent, so the command is not published
     * yet. Empty when it may have been read (or nothing is known).
     */
    public Optional<String> queuedAhead(String topic, String orderId, UUID commandId, Instant sentAt) {
        Queue queue = current().get(topic);
        if (queue == null || !queue.consuming() || sentAt == null || queue.partitionCount() == 0) {
            return Optional.empty();
        }
        int partition = partitionOf(orderId, queue.partitionCount());
        PartitionQueue position = queue.partitions().get(partition);
        if (position == null) {
            return Optional.empty();
        }
        Long offset = commandId == null ? null : position.unreadCommands().get(commandId);
        if (offset != null) {
            return Optional.of(("not read yet: %s has read %s-%d up to offset %d, the command is at offset %d,"
                    + " %d records unread").formatted(queue.group(), topic, partition, position.position(), offset, position.unread()));
        }
        if (position.lastReadPublishedAt() != null && !position.lastReadPublishedAt().isBefore(sentAt)) {
            return Optional.empty();
        }
        return Optional.of("not read yet: %s has read %s-%d up to a record published %s, %d records unread".formatted(
                queue.group(), topic, partition, position.lastReadPublishedAt(), position.unread()));
    }

    /**
     * Why a reply to command {@code commandId} for {@code orderId}, first sent at {@code sentAt}, may be waiting
     * unread in this orchestrator's own input: it is among the unread records of the order's partition, or the last
     * reply its group read there was published before the command was sent and records are left to read. Empty when a
     * reply to it would have been read.
     */
    public Optional<String> repliesUnread(String orderId, UUID commandId, Instant sentAt) {
        Queue queue = current().get(replyTopic);
        if (queue == null || sentAt == null || queue.partitionCount() == 0) {
            return Optional.empty();
        }
        int partition = partitionOf(orderId, queue.partitionCount());
        PartitionQueue position = queue.partitions().get(partition);
        if (position == null || position.unread() == 0) {
            return Optional.empty();
        }
        Long offset = commandId == null ? null : position.unreadCommands().get(commandId);
        if (offset != null) {
            return Optional.of("reply unread: %s has read %s-%d up to offset %d, the reply is at offset %d".formatted(
                    queue.group(), replyTopic, partition, position.position(), offset));
        }
        if (position.lastReadPublishedAt() != null && !position.lastReadPublishedAt().isBefore(sentAt)) {
            return Optional.empty();
        }
        return Optional.of("replies unread: %s has read %s-%d up to a record published %s, %d records unread"
                .formatted(queue.group(), replyTopic, partition, position.lastReadPublishedAt(), position.unread()));
    }

    /** The partition Kafka's default partitioner gives a record keyed by the order ID (the relay's key). */
    static int partitionOf(String orderId, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    @Scheduled(every = "${ordersaga.orchestrator.queues.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        if (closed) {
            return;
        }
        Instant began = Instant.now();
        try {
            reading.taken(read(), began);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (reading.failed()) {
                LOG.warnf("Cannot read the participants' queues (the last reading holds deadlines until it is stale,"
                        + " then they count as if every command was read): %s", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void stop(@Observes ShutdownEvent stopping) {
        closed = true;
        if (reader != null) {
            reader.close(Duration.ofSeconds(1));
        }
        if (scanner != null) {
            scanner.close(Duration.ofSeconds(1));
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
        Map<TopicPartition, Map<UUID, Long>> unread = unreadCommands(positions, ends);

        Map<String, Queue> read = new LinkedHashMap<>();
        groupByTopic.forEach((topic, group) -> {
            TopicDescription description = topics.get(topic);
            ConsumerGroupDescription members = groups.get(group);
            Map<Integer, PartitionQueue> partitions = new LinkedHashMap<>();
            positions.forEach((partition, position) -> {
                if (partition.topic().equals(topic) && (position == 0 || lastRead.containsKey(partition))) {
                    partitions.put(partition.partition(), new PartitionQueue(partition.partition(), position,
                            ends.get(partition).offset() - position, lastRead.get(partition),
                            unread.getOrDefault(partition, Map.of())));
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

    /**
     * The commands (on a command topic) or the replies to them (on the reply topic) among each partition's unread
     * records, by command ID: what was found since the last reading is kept, what the group has read since is dropped,
     * and only records not read before are fetched.
     */
    private Map<TopicPartition, Map<UUID, Long>> unreadCommands(
            Map<TopicPartition, Long> positions, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        Map<TopicPartition, Long> toRead = new HashMap<>();
        positions.forEach((partition, position) -> {
            long end = ends.get(partition).offset();
            if (position >= end) {
                unreadCommands.remove(partition);
                return;
            }
            UnreadCommands known = unreadCommands.computeIfAbsent(partition, p -> new UnreadCommands());
            known.readFrom(position);
            if (known.scannedTo < end) {
                toRead.put(partition, known.scannedTo);
            }
        });
        if (!toRead.isEmpty()) {
            scan(toRead, ends);
        }
        Map<TopicPartition, Map<UUID, Long>> found = new HashMap<>();
        unreadCommands.forEach((partition, known) -> found.put(partition, Map.copyOf(known.offsets)));
        return found;
    }

    /** Reads each partition from its offset in {@code from} up to its end offset, within {@link #KAFKA_TIMEOUT}. */
    private void scan(Map<TopicPartition, Long> from,
                      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        scanner.assign(from.keySet());
        from.forEach(scanner::seek);
        Set<TopicPartition> open = new HashSet<>(from.keySet());
        long giveUpAt = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        while (!open.isEmpty() && System.nanoTime() < giveUpAt) {
            for (ConsumerRecord<byte[], byte[]> record : scanner.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                UnreadCommands known = unreadCommands.get(partition);
                if (known == null || record.offset() < known.scannedTo) {
                    continue;
                }
                commandIdOf(record).ifPresent(id -> known.offsets.put(id, record.offset()));
                known.scannedTo = record.offset() + 1;
                if (known.scannedTo >= ends.get(partition).offset()) {
                    open.remove(partition);
                    scanner.pause(List.of(partition));
                }
            }
        }
        scanner.resume(scanner.paused());
    }

    private static Optional<UUID> commandIdOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            JsonNode commandId = JSON.readTree(record.value()).get("commandId");
            return commandId == null || !commandId.isTextual() ? Optional.empty()
                    : Optional.of(UUID.fromString(commandId.asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not a command this orchestrator sent: nothing to find
        }
    }

    /** The commands found in one partition from the group's position on, and how far it was read. */
    private static final class UnreadCommands {
        private final Map<UUID, Long> offsets = new HashMap<>();
        private long scannedTo;

        void readFrom(long position) {
            if (position > scannedTo) {
                scannedTo = position;
            }
            offsets.values().removeIf(offset -> offset < position);
        }
    }

    private void connect() {
        if (admin == null) {
            admin = Admin.create(secured(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "saga-orchestrator-queues",
                    // a call abandoned after KAFKA_TIMEOUT must not stay queued in the client for a minute
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis())));
        }
        if (reader == null) {
            reader = new KafkaConsumer<>(secured(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "saga-orchestrator-queue-reader",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4096)),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        if (scanner == null) {
            scanner = new KafkaConsumer<>(secured(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "saga-orchestrator-command-scanner",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }

    /**
     * The security settings of the application's Kafka configuration (protocol, SASL, TLS): the queue readers connect
     * to the same listener as the channels, which in Kubernetes takes SCRAM over TLS only.
     */
    static Map<String, Object> security(Map<String, Object> kafkaConfig) {
        Map<String, Object> security = new LinkedHashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return Map.copyOf(security);
    }

    private Map<String, Object> secured(Map<String, Object> own) {
        Map<String, Object> config = new LinkedHashMap<>(security);
        config.putAll(own);
        return config;
    }
}
