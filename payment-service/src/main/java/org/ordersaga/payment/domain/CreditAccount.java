package org.ordersaga.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A customer's credit line: authorizations hold part of it until voided or captured. */
@Entity
@Table(name = "credit_account")
public class CreditAccount {

    @Id
    @Column(name = "customer_id")
    private String customerId;
    @Column(name = "credit_limit_cents")
    private long creditLimitCents;
    @Column(name = "available_cents")
    private long availableCents;
    @Version
    private long version;

    protected CreditAccount() {
    }

    public CreditAccount(String customerId, long creditLimitCents) {
        this.customerId = customerId;
        this.creditLimitCents = creditLimitCents;
        this.availableCents = creditLimitCents;
    }

    public boolean canHold(long amountCents) {
        return amountCents >= 0 && amountCents <= availableCents;
    }

    /** Sets the amount aside; refuses more than is available. */
    public void hold(long amountCents) {
        requireNonNegative(amountCents);
        if (amountCents > availableCents) {
            throw new IllegalStateException("Cannot hold " + amountCents + " for " + customerId + ": only "
                    + availableCents + " available");
        }
        availableCents -= amountCents;
    }

    /** Gives a held amount back; refuses to exceed the credit limit. */
    public void restore(long amountCents) {
        requireNonNegative(amountCents);
        if (availableCents + amountCents > creditLimitCents) {
            throw new IllegalStateException("Restoring " + amountCents + " would exceed the credit limit of " + customerId);
        }
        availableCents += amountCents;
    }

    private static void requireNonNegative(long amountCents) {
        if (amountCents < 0) {
            throw new IllegalArgumentException("Amount must not be negative, was " + amountCents);
        }
    }

    public String customerId() {
        return customerId;
    }

    public long creditLimitCents() {
        return creditLimitCents;
    }

    public long availableCents() {
        return availableCents;
    }
}
