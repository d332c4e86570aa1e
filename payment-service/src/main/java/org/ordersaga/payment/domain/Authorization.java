package org.ordersaga.payment.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A payment authorization for one order: AUTHORIZED, then CAPTURED or VOIDED. A void that finds nothing to undo leaves
 * an empty VOIDED authorization behind (no customer, no amount), so that an authorize arriving after it (a call that
 * timed out and committed late) is refused.
 */
@Entity
@Table(name = "authorization_hold")
public class Authorization {

    @Id
    private UUID id;
    @Column(name = "order_id")
    private String orderId;
    @Column(name = "customer_id")
    private String customerId;
    @Column(name = "amount_cents")
    private long amountCents;
    @Enumerated(EnumType.STRING)
    private AuthorizationState state;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Version
    private long version;

    protected Authorization() {
    }

    private Authorization(String orderId, String customerId, long amountCents, AuthorizationState state, Instant now) {
        this.id = UUID.randomUUID();
        this.orderId = orderId;
        this.customerId = customerId;
        this.amountCents = amountCents;
        this.state = state;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Holds the amount on the account and records the authorization. */
    public static Authorization authorize(String orderId, CreditAccount account, long amountCents, Instant now) {
        account.hold(amountCents);
        return new Authorization(orderId, account.customerId(), amountCents, AuthorizationState.AUTHORIZED, now);
    }

    /**
     * A void for an order with no authorization: holds nothing and marks the order cancelled. The unique order ID
     * makes an authorize committing at the same time fail instead of slipping past the marker.
     */
    public static Authorization voidedBeforeAuthorized(String orderId, Instant now) {
        return new Authorization(orderId, null, 0, AuthorizationState.VOIDED, now);
    }

    /** AUTHORIZED → VOIDED, giving the amount back to the account. */
    public void voidOn(CreditAccount account, Instant now) {
        requireState(AuthorizationState.AUTHORIZED, "void");
        account.restore(amountCents);
        state = AuthorizationState.VOIDED;
        updatedAt = now;
    }

    /** AUTHORIZED → CAPTURED. */
    public void capture(Instant now) {
        requireState(AuthorizationState.AUTHORIZED, "capture");
        state = AuthorizationState.CAPTURED;
        updatedAt = now;
    }

    private void requireState(AuthorizationState expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("Cannot " + action + " authorization " + id + " in state " + state);
        }
    }

    public UUID id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public long amountCents() {
        return amountCents;
    }

    public AuthorizationState state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
