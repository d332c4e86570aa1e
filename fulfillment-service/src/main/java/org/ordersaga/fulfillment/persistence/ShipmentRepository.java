package org.ordersaga.fulfillment.persistence;

import java.util.Optional;
import java.util.UUID;

import org.ordersaga.fulfillment.domain.Shipment;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ShipmentRepository implements PanacheRepositoryBase<Shipment, UUID> {

    public Optional<Shipment> findByOrderId(String orderId) {
        return find("orderId", orderId).firstResultOptional();
    }
}
