package org.ordersaga.order.service;

import java.time.Instant;

import org.jboss.logging.Logger;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.persistence.IdempotencyRecordRepository;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forgets idempotency keys {@code ordersaga.order.idempotency.retention} (24 h) after their first use: a client that
 * repeats a key later places a new order. The orders themselves are kept. Every replica may run it; deleting is
 * idempotent.
 */
@ApplicationScoped
public class IdempotencyRecordRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyRecordRetention.class);

    private final IdempotencyRecordRepository records;
    private final OrderConfig.Idempotency config;

    public IdempotencyRecordRetention(IdempotencyRecordRepository records, OrderConfig config) {
        this.records = records;
        this.config = config.idempotency();
    }

    @Scheduled(identity = "idempotency-retention", every = "${ordersaga.order.idempotency.retention-every}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deleteExpired();
    }

    /** Returns how many keys it forgot. */
    public int deleteExpired() {
        Instant cutoff = Instant.now().minus(config.retention());
        int total = 0;
        int deleted;
        do {
            deleted = records.deleteCreatedBefore(cutoff, config.retentionBatchSize());
            total += deleted;
        } while (deleted == config.retentionBatchSize());
        if (total > 0) {
            LOG.infof("Forgot %d idempotency keys first used before %s", total, cutoff);
        }
        return total;
    }
}
