package org.ordersaga.payment.persistence;

import java.util.Optional;

import org.ordersaga.payment.domain.CreditAccount;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class CreditAccountRepository implements PanacheRepositoryBase<CreditAccount, String> {

    /** Locks the account row so that concurrent holds on one customer queue instead of failing the version check. */
    public Optional<CreditAccount> findForUpdate(String customerId) {
        return findByIdOptional(customerId, LockModeType.PESSIMISTIC_WRITE);
    }
}
