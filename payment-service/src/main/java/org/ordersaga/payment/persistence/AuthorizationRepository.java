package org.ordersaga.payment.persistence;

import java.util.Optional;
import java.util.UUID;

import org.ordersaga.payment.domain.Authorization;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuthorizationRepository implements PanacheRepositoryBase<Authorization, UUID> {

    public Optional<Authorization> findByOrderId(String orderId) {
        return find("orderId", orderId).firstResultOptional();
    }
}
