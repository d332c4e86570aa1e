package org.ordersaga.order.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.Backoff;
import org.ordersaga.chassis.tracing.TraceJoin;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.persistence.OrderRepository;
import org.ordersaga.order.persistence.OrderRepository.SyncClaim;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Drives every synchronous order to its end when its chain cannot: one that stopped past the pivot (a settlement,
 * capture or notification failed) or in the middle of its compensation, and one whose chain died before its fate was
 * recorded (kill -9, a restart, an unexpected error), which is undone and rejected ({@link SyncOrderPlacement#recover}).
 * A synchronous chain has no other place to resume — no saga log, no re-sent command — so without this the order
 * would stay PENDING and its stock or money held for good. Every step carries the same idempotency key as in the
 * request, so resuming is safe even if the request is still at work.
 * <p>
 * Fair and safe with several replicas: each round takes at most {@code batch-size} orders, one at a time, the one due
 * longest first, each claimed in the database for {@code claim-for} so that no other replica's sweep drives it
 * meanwhile ({@code FOR UPDATE SKIP LOCKED}: a replica claiming at the same moment takes the next order). An order is
 * driven once per round, until its first failing step; a round that leaves it owing what it owed puts it back
 * {@code after}, then twice as long each time, at most {@code max-backoff}: orders blocked by one participant make
 * room for the others instead of filling every round.
 */
@ApplicationScoped
public class SyncRecoverySweep {

    private static final Logger LOG = Logger.getLogger(SyncRecoverySweep.class);

    private final OrderRepository orders;
    private final SyncOrderPlacement placement;
    private final OrderConfig.SyncRecovery settings;
    private final Backoff backoff;
    private final Tracer tracer;

    public SyncRecoverySweep(OrderRepository orders, SyncOrderPlacement placement, OrderConfig config, Tracer tracer) {
        this.orders = orders;
        this.placement = placement;
        this.settings = config.syncRecovery();
        this.backoff = new Backoff(settings.after(), 2, settings.maxBackoff());
        this.tracer = tracer;
    }

    @Scheduled(identity = "sync-recovery", every = "${ordersaga.order.sync-recovery.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        for (int driven = 0; driven < settings.batchSize(); driven++) {
            Optional<SyncClaim> claim;
            try {
                Instant now = Instant.now();
                claim = QuarkusTransaction.requiringNew()
                        .call(() -> orders.claimDueSyncOrder(now, now.plus(settings.claimFor())));
            } catch (RuntimeException e) {
                LOG.warnf("Cannot claim a synchronous order to recover (%s); the next sweep tries again", e.toString());
                return;
            }
            if (claim.isEmpty()) {
                return;
            }
            drive(claim.get());
        }
    }

    /** In the order's own trace (its spans join the request's trace ID), with its ID in every log line. */
    private void drive(SyncClaim claim) {
        UUID orderId = claim.orderId();
        Instant roundStart = Instant.now();
        try (LogContext.Scope log = LogContext.forOrder(orderId.toString(), null)) {
            Order order;
            try {
                order = QuarkusTransaction.requiringNew().call(() -> orders.findById(orderId));
            } catch (RuntimeException e) {
                LOG.warnf("Cannot read the claimed order (%s); its claim lapses", e.toString());
                return;
            }
            Span span = tracer.spanBuilder("sync-recovery")
                    .setParent(TraceJoin.parentIn(order.getTraceId(), order.getId())).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                LOG.infof("Recovering the synchronous chain (round %d): it owes %s", order.getSyncFailedRounds() + 1,
                        order.syncFateRecorded() ? order.getSyncRemainingSteps() : "its fate");
                SyncOutcome outcome = placement.recover(orderId);
                LOG.infof("Synchronous chain recovered: order %s%s", outcome.status(),
                        outcome.incomplete() ? " (" + outcome.incompleteDetail() + ")" : "");
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recovering the synchronous chain failed; the order is tried again later");
            } finally {
                span.end();
                endRound(claim, roundStart);
            }
        }
    }

    /**
     * Backs the order off if the round left it owing what it owed (a step done moves its due time past the round's
     * start), and ends the claim.
     */
    private void endRound(SyncClaim claim, Instant roundStart) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Order order = orders.findById(claim.orderId());
                if (order.getSyncDueAt() != null && !order.getSyncDueAt().isAfter(roundStart)) {
                    Duration wait = backoff.delay(order.getSyncFailedRounds() + 1);
                    order.syncRoundFailed(Instant.now().plus(wait));
                    LOG.infof("The order still owes %s; tried again in %d s", order.syncFateRecorded()
                            ? order.getSyncRemainingSteps() : "its fate", wait.toSeconds());
                }
                orders.releaseClaim(claim);
            });
        } catch (RuntimeException e) {
            LOG.warnf("Cannot end the round of the order (%s); its claim lapses at %s", e.toString(), claim.until());
        }
    }
}
