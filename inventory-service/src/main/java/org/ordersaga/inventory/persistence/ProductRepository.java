package org.ordersaga.inventory.persistence;

import java.util.List;
import java.util.Optional;

import org.ordersaga.inventory.domain.Product;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, String> {

    public List<Product> listBySku() {
        return listAll(Sort.by("sku"));
    }

    /**
     * Locks the product row until the transaction ends, so concurrent reservations queue instead of failing on the
     * version check. Callers lock SKUs in sorted order to avoid deadlocks.
     */
    public Optional<Product> findForUpdate(String sku) {
        return findByIdOptional(sku, LockModeType.PESSIMISTIC_WRITE);
    }
}
