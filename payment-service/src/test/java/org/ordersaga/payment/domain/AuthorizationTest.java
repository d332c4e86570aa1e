package org.ordersaga.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ordersaga.payment.domain.PaymentTestData.NOW;
import static org.ordersaga.payment.domain.PaymentTestData.aBrokeAccount;
import static org.ordersaga.payment.domain.PaymentTestData.aCapturedAuthorization;
import static org.ordersaga.payment.domain.PaymentTestData.aVoidedAuthorization;
import static org.ordersaga.payment.domain.PaymentTestData.anAccountWithCredit;
import static org.ordersaga.payment.domain.PaymentTestData.anAuthorizationOf;

import org.junit.jupiter.api.Test;

class AuthorizationTest {

    @Test
    void authorizingHoldsTheAmount() {
        CreditAccount account = anAccountWithCredit(1000);

        Authorization authorization = anAuthorizationOf(300, account);

        assertThat(authorization.state()).isEqualTo(AuthorizationState.AUTHORIZED);
        assertThat(account.availableCents()).isEqualTo(700);
    }

    @Test
    void authorizingMoreThanTheAvailableCreditIsRefused() {
        CreditAccount broke = aBrokeAccount();

        assertThat(broke.canHold(1)).isFalse();
        assertThatThrownBy(() -> anAuthorizationOf(1, broke)).isInstanceOf(IllegalStateException.class);
        assertThat(broke.availableCents()).isZero();
    }

    @Test
    void voidingGivesTheAmountBack() {
        CreditAccount account = anAccountWithCredit(1000);
        Authorization authorization = anAuthorizationOf(300, account);

        authorization.voidOn(account, NOW);

        assertThat(authorization.state()).isEqualTo(AuthorizationState.VOIDED);
        assertThat(account.availableCents()).isEqualTo(1000);
    }

    @Test
    void capturingKeepsTheAmountTaken() {
        CreditAccount account = anAccountWithCredit(1000);
        Authorization authorization = anAuthorizationOf(300, account);

        authorization.capture(NOW);

        assertThat(authorization.state()).isEqualTo(AuthorizationState.CAPTURED);
        assertThat(account.availableCents()).isEqualTo(700);
    }

    @Test
    void aVoidedAuthorizationCanNeitherBeCapturedNorVoidedAgain() {
        CreditAccount account = anAccountWithCredit(1000);
        Authorization voided = aVoidedAuthorization(account);

        assertThatThrownBy(() -> voided.capture(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> voided.voidOn(account, NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(account.availableCents()).isEqualTo(1000);
    }

    @Test
    void aCapturedAuthorizationCannotBeVoided() {
        CreditAccount account = anAccountWithCredit(1000);
        Authorization captured = aCapturedAuthorization(account);

        assertThatThrownBy(() -> captured.voidOn(account, NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(captured.state()).isEqualTo(AuthorizationState.CAPTURED);
    }

    @Test
    void creditCannotBeRestoredBeyondTheLimit() {
        CreditAccount account = anAccountWithCredit(1000);

        assertThatThrownBy(() -> account.restore(1)).isInstanceOf(IllegalStateException.class);
    }
}
