package org.ordersaga.payment.domain;

import java.time.Instant;

/** Intention-revealing builders for payment entities. */
public final class PaymentTestData {

    public static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

    private PaymentTestData() {
    }

    public static CreditAccount anAccountWithCredit(long cents) {
        return new CreditAccount("cust-test", cents);
    }

    public static CreditAccount aBrokeAccount() {
        return anAccountWithCredit(0);
    }

    public static Authorization anAuthorizationOf(long cents, CreditAccount account) {
        return Authorization.authorize("order-1", account, cents, NOW);
    }

    public static Authorization aVoidedAuthorization(CreditAccount account) {
        Authorization authorization = anAuthorizationOf(100, account);
        authorization.voidOn(account, NOW);
        return authorization;
    }

    public static Authorization aCapturedAuthorization(CreditAccount account) {
        Authorization authorization = anAuthorizationOf(100, account);
        authorization.capture(NOW);
        return authorization;
    }
}
