package org.ordersaga.inventory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Version;

/**
 * The stock held for one order: HELD until released (the order is rejected) or settled (it is approved). A release
 * that finds nothing to undo leaves an empty RELEASED reservation behind, so that a reserve arriving after it (a call
 * that timed out and committed late) is refused.
 */
@Entity
public class Reservation {

    @Id
    private UUID id;
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private ReservationState state;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "reservation_id"))
    private List<ReservationLine> lines = new ArrayList<>();
    @Column(name = "total_cents")
    private long totalCents;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Version
    private long version;

    protected Reservation() {
    }

    private Reservation(String orderId, ReservationState state, List<ReservationLine> lines, Instant now) {
        this.id = UUID.randomUUID();
        this.orderId = orderId;
        this.state = state;
        this.lines = new ArrayList<>(lines);
        this.totalCents = lines.stream().mapToLong(ReservationLine::totalCents).sum();
        this.createdAt = now;
        this.updatedAt = now;
    }

    public static Reservation hold(String orderId, List<ReservationLine> lines, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("A reservation needs at least one line");
        }
        return new Reservation(orderId, ReservationState.HELD, lines, now);
    }

    /**
     * A release for an order with no reservation: holds nothing and marks the order cancelled. The unique order ID
     * makes a reserve committing at the same time fail instead of slipping past the marker.
     */
    public static Reservation releasedBeforeHeld(String orderId, Instant now) {
        return new Reservation(orderId, ReservationState.RELEASED, List.of(), now);
    }

    /** HELD → RELEASED; the caller returns the lines' stock to the products. */
    public void release(Instant now) {
        if (state != ReservationState.HELD) {
            throw new IllegalStateException("Reservation " + id + " is " + state + ", only HELD can be released");
        }
        state = ReservationState.RELEASED;
        updatedAt = now;
    }

    /** HELD → SETTLED; the caller moves the lines' stock from reserved to settled. */
    public void settle(Instant now) {
        if (state != ReservationState.HELD) {
            throw new IllegalStateException("Reservation " + id + " is " + state + ", only HELD can be settled");
        }
        state = ReservationState.SETTLED;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public ReservationState state() {
        return state;
    }

    public List<ReservationLine> lines() {
        return List.copyOf(lines);
    }

    public long totalCents() {
        return totalCents;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
