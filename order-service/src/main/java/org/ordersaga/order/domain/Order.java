package org.ordersaga.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.ordersaga.order.config.OrderMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer's order. It is placed PENDING and decided exactly once: APPROVED (with the total the catalog priced) or
 * REJECTED (with the reason). Any other change is refused. A synchronous order also records the steps its chain
 * still owes once its fate is known ({@link SyncStep}); the decision is one of them, taken when its turn comes.
 * The mode it is decided in (saga or chain) is set when it is placed and never changes.
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    /** Null for orders placed before the mode was recorded (migration V1.6). */
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    private OrderMode mode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private List<OrderItem> items;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "shipping_address", nullable = false)
    private ShippingAddress shippingAddress;

    @Column(name = "total_cents")
    private Long totalCents;

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @Column(name = "trace_id")
    private String traceId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private List<StatusChange> history;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "sync_remaining_steps")
    private List<SyncStep> syncRemainingSteps;

    @Column(name = "sync_total_cents")
    private Long syncTotalCents;

    @Column(name = "sync_rejection_reason")
    private String syncRejectionReason;

    /**
     * When the recovery sweep may next drive this synchronous order: set when it is placed (the time by which its fate
     * must be recorded), moved on by each step done and by each round that failed; null once it owes nothing.
     */
    @Column(name = "sync_due_at")
    private Instant syncDueAt;

    /** Rounds of the recovery sweep in a row that left the order owing what it owed: its backoff. */
    @Column(name = "sync_failed_rounds", nullable = false)
    private int syncFailedRounds;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Order() {
    }

    public static Order place(UUID id, String customerId, OrderMode mode, List<OrderItem> items,
                              ShippingAddress shippingAddress, String traceId, Instant now) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one item");
        }
        Order order = new Order();
        order.id = Objects.requireNonNull(id);
        order.customerId = Objects.requireNonNull(customerId);
        order.mode = Objects.requireNonNull(mode);
        order.items = List.copyOf(items);
        order.shippingAddress = Objects.requireNonNull(shippingAddress);
        order.traceId = traceId;
        order.status = OrderStatus.PENDING;
        order.placedAt = now;
        order.updatedAt = now;
        order.history = new ArrayList<>(List.of(new StatusChange(OrderStatus.PENDING, now, "placed")));
        return order;
    }

    public void approve(long totalCents, Instant now) {
        decide(OrderStatus.APPROVED, now, "approved, total " + totalCents + " cents");
        this.totalCents = totalCents;
    }

    public void reject(String reason, Instant now) {
        decide(OrderStatus.REJECTED, now, reason);
        this.rejectionReason = reason;
    }

    /**
     * A synchronous order's chain starts: unless its fate is recorded by {@code decideBy}, the recovery sweep takes
     * the chain for dead and decides the order.
     */
    public void awaitSyncFate(Instant decideBy) {
        if (mode != OrderMode.SYNC || status != OrderStatus.PENDING || syncRemainingSteps != null) {
            throw new IllegalOrderTransitionException("Order " + id + " (" + mode + ", " + status
                    + ") has no synchronous chain to wait for");
        }
        syncDueAt = Objects.requireNonNull(decideBy);
    }

    /**
     * The shipment is scheduled (the pivot): settle the stock, capture, approve with this total, notify. The sweep
     * resumes the chain from {@code resumeAt} if it stops.
     */
    public void passPivot(long totalCents, Instant now, Instant resumeAt) {
        this.syncTotalCents = totalCents;
        owe(List.of(SyncStep.SETTLE_INVENTORY, SyncStep.CAPTURE_PAYMENT, SyncStep.APPROVE, SyncStep.NOTIFY_CONFIRMED),
                now, resumeAt);
    }

    /** A step before the pivot failed or was refused: undo these, in this order, then reject with the reason, notify. */
    public void compensate(List<SyncStep> undo, String reason, Instant now, Instant resumeAt) {
        this.syncRejectionReason = Objects.requireNonNull(reason);
        List<SyncStep> steps = new ArrayList<>(undo);
        steps.add(SyncStep.REJECT);
        steps.add(SyncStep.NOTIFY_REJECTED);
        owe(steps, now, resumeAt);
    }

    private void owe(List<SyncStep> steps, Instant now, Instant resumeAt) {
        if (status != OrderStatus.PENDING || syncRemainingSteps != null) {
            throw new IllegalOrderTransitionException("Order " + id + " is " + status + " and its synchronous steps "
                    + "are already set: " + syncRemainingSteps);
        }
        syncRemainingSteps = List.copyOf(steps);
        progressed(now, resumeAt);
    }

    /**
     * Records that {@code step} succeeded, taking the decision when the step is one. A step that is no longer next
     * was recorded by another run of the chain (the request and the recovery sweep may overlap): nothing changes.
     */
    public void syncStepDone(SyncStep step, Instant now, Instant resumeAt) {
        if (nextSyncStep().filter(step::equals).isEmpty()) {
            return;
        }
        switch (step) {
            case APPROVE -> approve(syncTotalCents, now);
            case REJECT -> reject(syncRejectionReason, now);
            default -> updatedAt = now;
        }
        syncRemainingSteps = List.copyOf(syncRemainingSteps.subList(1, syncRemainingSteps.size()));
        progressed(now, syncRemainingSteps.isEmpty() ? null : resumeAt);
    }

    private void progressed(Instant now, Instant resumeAt) {
        updatedAt = now;
        syncDueAt = resumeAt;
        syncFailedRounds = 0;
    }

    /** A round of the recovery sweep left the order owing what it owed: it is tried again at {@code retryAt}. */
    public void syncRoundFailed(Instant retryAt) {
        if (syncDueAt == null) {
            return;
        }
        syncFailedRounds++;
        syncDueAt = Objects.requireNonNull(retryAt);
    }

    /** Whether the synchronous chain recorded what the order is to become (the steps it owes, the decision among them). */
    public boolean syncFateRecorded() {
        return syncRemainingSteps != null;
    }

    public Optional<SyncStep> nextSyncStep() {
        return syncRemainingSteps == null || syncRemainingSteps.isEmpty() ? Optional.empty()
                : Optional.of(syncRemainingSteps.get(0));
    }

    private void decide(OrderStatus decision, Instant now, String detail) {
        if (status != OrderStatus.PENDING) {
            throw new IllegalOrderTransitionException("Order " + id + " is " + status + " and cannot become " + decision);
        }
        status = decision;
        updatedAt = now;
        // A new list, so that Hibernate sees the JSON column change.
        List<StatusChange> changed = new ArrayList<>(history);
        changed.add(new StatusChange(decision, now, detail));
        history = changed;
    }

    public UUID getId() {
        return id;
    }

    public String getCustomerId() {
        return customerId;
    }

    public OrderStatus getStatus() {
        return status;
    }

    /** Empty for an order placed before the mode was recorded. */
    public Optional<OrderMode> getMode() {
        return Optional.ofNullable(mode);
    }

    public List<OrderItem> getItems() {
        return List.copyOf(items);
    }

    public ShippingAddress getShippingAddress() {
        return shippingAddress;
    }

    public Long getTotalCents() {
        return totalCents;
    }

    public String getRejectionReason() {
        return rejectionReason;
    }

    public String getTraceId() {
        return traceId;
    }

    public List<StatusChange> getHistory() {
        return List.copyOf(history);
    }

    public List<SyncStep> getSyncRemainingSteps() {
        return syncRemainingSteps == null ? List.of() : syncRemainingSteps;
    }

    public Long getSyncTotalCents() {
        return syncTotalCents;
    }

    public String getSyncRejectionReason() {
        return syncRejectionReason;
    }

    /** Null once the synchronous chain owes nothing (and for an asynchronous order). */
    public Instant getSyncDueAt() {
        return syncDueAt;
    }

    public int getSyncFailedRounds() {
        return syncFailedRounds;
    }

    public Instant getPlacedAt() {
        return placedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
