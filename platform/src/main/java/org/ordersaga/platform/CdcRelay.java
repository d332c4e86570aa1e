package org.ordersaga.platform;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.management.JMException;
import javax.management.ObjectName;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for Kafka Connect: one Debezium embedded engine per service database, each running the outbox
 * EventRouter, and one idempotent producer. A batch's offsets are committed only after Kafka acknowledged every
 * record of it, so a crash can republish (consumers dedupe through their inbox) but never lose a row. An engine that
 * stops with an error is restarted with backoff ({@link CdcEngine}); {@link #status()} says how each one is doing.
 */
final class CdcRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdcRelay.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, CdcEngine> engines = new LinkedHashMap<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdc-relay-restarts");
        t.setDaemon(true);
        return t;
    });
    /** Batches hold the read side; stopping takes the write side, so it waits for in-flight batches to commit. */
    private final ReadWriteLock inFlight = new ReentrantReadWriteLock();
    private volatile boolean stopping;

    private CdcRelay(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    static CdcRelay start(List<ServiceCatalog.Service> services, int postgresPort, String kafkaBootstrap, Path dataDir) {
        Path offsets = dataDir.resolve("relay");
        try {
            Files.createDirectories(offsets);
        } catch (IOException e) {
            throw new PlatformException("cannot create " + offsets, e);
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "cdc-relay"),
                new ByteArraySerializer(), new ByteArraySerializer());
        CdcRelay relay = new CdcRelay(producer);
        for (ServiceCatalog.Service service : services) {
            CdcEngine engine = new CdcEngine(service.database(), (started, ended) -> DebeziumEngine
                    .create(ChangeEventFormat.of(Connect.class))
                    .using(ConnectorSettings.forService(service, postgresPort, offsets))
                    .using(started)
                    .using(ended)
                    .notifying(relay::publish)
                    .build(), () -> streaming(service.database()), relay.restarts, Clock.systemUTC());
            relay.engines.put(service.database(), engine);
            engine.start();
        }
        try {
            for (CdcEngine engine : relay.engines.values()) {
                if (!engine.awaitFirstStart(START_TIMEOUT)) {
                    throw new PlatformException("CDC relay did not start within " + START_TIMEOUT.toSeconds()
                            + " s: the engine for " + engine.database() + " is " + engine.status());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("CDC relay capturing {} databases", services.size());
        return relay;
    }

    /** Each database's engine as it is now. */
    Map<String, CdcEngine.Status> status() {
        Map<String, CdcEngine.Status> status = new LinkedHashMap<>();
        engines.forEach((database, engine) -> status.put(database, engine.status()));
        return status;
    }

    /** Debezium's own view of the replication connection, which it re-opens by itself after a connection error. */
    private static boolean streaming(String topicPrefix) {
        try {
            ObjectName metrics = new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,server="
                    + topicPrefix);
            return Boolean.TRUE.equals(ManagementFactory.getPlatformMBeanServer().getAttribute(metrics, "Connected"));
        } catch (JMException e) {
            return false; // not registered: the connector is not streaming (yet)
        }
    }

    private void publish(List<RecordChangeEvent<SourceRecord>> batch,
                         DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        inFlight.readLock().lockInterruptibly();
        try {
            if (stopping) {
                // Publish nothing once stopping: this batch is re-read on the next start instead of published twice.
                Thread.sleep(Long.MAX_VALUE);
            }
            publishAndCommit(batch, committer);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    private void publishAndCommit(List<RecordChangeEvent<SourceRecord>> batch,
                                  DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Send> sends = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            SourceRecord record = event.record();
            if (record.value() != null) {
                ProducerRecord<byte[], byte[]> kafkaRecord = toKafka(record);
                sends.add(new Send(kafkaRecord, producer.send(kafkaRecord)));
            }
        }
        for (Send send : sends) {
            try {
                send.acknowledged().get();
            } catch (ExecutionException e) {
                // Not marking the batch processed stops the engine; CdcEngine restarts it from the last committed offset.
                throw new IllegalStateException(refused(send.record()), e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** The same bytes Kafka Connect writes with the String key/value converters and the simple header converter. */
    static ProducerRecord<byte[], byte[]> toKafka(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.add(header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] key = record.key() == null ? null : record.key().toString().getBytes(StandardCharsets.UTF_8);
        byte[] value = record.value().toString().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(record.topic(), null, key, value, headers);
    }

    private record Send(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> acknowledged) {
    }

    /** Names the event, its order (the key) and its topic; the topic is what an operator usually has to fix. */
    private static String refused(ProducerRecord<byte[], byte[]> record) {
        var id = record.headers().lastHeader("id");
        return "Kafka refused outbox event " + (id == null ? "?" : new String(id.value(), StandardCharsets.UTF_8))
                + " of order " + (record.key() == null ? "?" : new String(record.key(), StandardCharsets.UTF_8))
                + " for topic " + record.topic();
    }

    @Override
    public void close() {
        stopping = true;
        inFlight.writeLock().lock(); // waits until every batch being published has committed its offsets
        inFlight.writeLock().unlock();
        for (CdcEngine engine : engines.values()) {
            engine.close(Duration.ofSeconds(30));
        }
        restarts.shutdownNow();
        producer.close();
    }
}
