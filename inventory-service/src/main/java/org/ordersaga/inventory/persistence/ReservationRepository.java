package org.ordersaga.inventory.persistence;

import java.util.Optional;
import java.util.UUID;

import org.ordersaga.inventory.domain.Reservation;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReservationRepository implements PanacheRepositoryBase<Reservation, UUID> {

    public Optional<Reservation> findByOrderId(String orderId) {
        return find("orderId", orderId).firstResultOptional();
    }
}
