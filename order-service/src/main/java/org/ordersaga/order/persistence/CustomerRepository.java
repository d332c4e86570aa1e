package org.ordersaga.order.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.order.domain.Customer;

@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, String> {
}
