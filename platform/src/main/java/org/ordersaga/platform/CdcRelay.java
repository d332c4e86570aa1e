package org.ordersaga.platform;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * record of it, so a crash can republish (consumers dedupe through their inbox) but never lose a row.
 */
final class CdcRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdcRelay.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<DebeziumEngine<RecordChangeEvent<SourceRecord>>> engines = new ArrayList<>();
    private final ExecutorService executor;
    /** Batches hold the read side; stopping takes the write side, so it waits for in-flight batches to commit. */
    private final ReadWriteLock inFlight = new ReentrantReadWriteLock();
    private volatile boolean stopping;

    private CdcRelay(KafkaProducer<byte[], byte[]> producer, int engineCount) {
        this.producer = producer;
        this.executor = Executors.newFixedThreadPool(engineCount, r -> {
            Thread t = new Thread(r, "cdc-relay");
            t.setDaemon(true);
            return t;
        });
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
        CdcRelay relay = new CdcRelay(producer, services.size());
        CountDownLatch started = new CountDownLatch(services.size());
        for (ServiceCatalog.Service service : services) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                    .create(ChangeEventFormat.of(Connect.class))
                    .using(ConnectorSettings.forService(service, postgresPort, offsets))
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            started.countDown();
                        }
                    })
                    .using((success, message, error) -> {
                        if (!success) {
                            LOG.error("CDC connector for {} stopped: {}", service.database(), message, error);
                        }
                    })
                    .notifying(relay::publish)
                    .build();
            relay.engines.add(engine);
            relay.executor.execute(engine);
        }
        try {
            if (!started.await(60, TimeUnit.SECONDS)) {
                throw new PlatformException("CDC relay did not start within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("CDC relay capturing {} databases", services.size());
        return relay;
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
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            SourceRecord record = event.record();
            if (record.value() != null) {
                sends.add(producer.send(toKafka(record)));
            }
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                // Not marking the batch processed makes the engine stop and retry from the last committed offset.
                throw new IllegalStateException("Kafka refused an outbox record", e.getCause());
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

    @Override
    public void close() {
        stopping = true;
        inFlight.writeLock().lock(); // waits until every batch being published has committed its offsets
        inFlight.writeLock().unlock();
        for (DebeziumEngine<?> engine : engines) {
            try {
                engine.close();
            } catch (IOException e) {
                LOG.warn("CDC engine stop failed: {}", e.getMessage());
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
