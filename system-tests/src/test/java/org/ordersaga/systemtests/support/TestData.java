package org.ordersaga.systemtests.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.ordersaga.testsupport.PlatformProcess;

/**
 * Fresh, uniquely named customers and products, so that each test's stock and credit deltas are its own whatever ran
 * before it. No service has an API that creates them, so they are written into the owning services' tables the way
 * the seed migrations write theirs, as each service's own role: a customer in order-service's registry with a credit
 * account at payment-service, a product in inventory-service's catalog. Stocked and credited like the seed
 * (docs/conventions.md).
 */
public final class TestData {
    /** The seed catalog's "large stock". */
    public static final int LARGE_STOCK = 1_000_000_000;
    /** The seed customers' "ample credit" (10^12¢). */
    public static final long AMPLE_CREDIT = 1_000_000_000_000L;

    private final PlatformProcess platform;
    private final Map<String, Long> prices = new ConcurrentHashMap<>();

    public TestData(PlatformProcess platform) {
        this.platform = platform;
    }

    /** A customer with ample credit; {@code name} only makes the ID readable in logs. */
    public String customer(String name) {
        return customer(name, AMPLE_CREDIT);
    }

    /** A customer with no credit at all: every payment is declined. */
    public String brokeCustomer(String name) {
        return customer(name, 0);
    }

    public String customer(String name, long creditCents) {
        String id = "cust-" + name.toLowerCase(Locale.ROOT) + "-" + suffix().toLowerCase(Locale.ROOT);
        execute("order_db", "order_service", "insert into customer (id, name, email) values (?, ?, ?)",
                id, "Test " + name, id + "@example.org");
        execute("payment_db", "payment_service",
                "insert into credit_account (customer_id, credit_limit_cents, available_cents) values (?, ?, ?)",
                id, creditCents, creditCents);
        return id;
    }

    /** A product with large stock; {@code name} (letters, digits, dashes) only makes the SKU readable. */
    public String product(String name, long unitPriceCents) {
        return product(name, unitPriceCents, LARGE_STOCK);
    }

    /** A product with nothing available: every reservation of it is refused. */
    public String soldOutProduct(String name, long unitPriceCents) {
        return product(name, unitPriceCents, 0);
    }

    public String product(String name, long unitPriceCents, int available) {
        // order-service accepts SKUs matching SKU-[A-Z0-9-]{1,40}
        String sku = "SKU-" + name.toUpperCase(Locale.ROOT) + "-" + suffix();
        execute("inventory_db", "inventory_service", "insert into product (sku, name, unit_price_cents, available,"
                + " reserved) values (?, ?, ?, ?, 0)", sku, "Test " + name, unitPriceCents, available);
        prices.put(sku, unitPriceCents);
        return sku;
    }

    /** A well-formed SKU that no product has. */
    public String unknownSku() {
        return "SKU-UNKNOWN-" + suffix();
    }

    /** What the catalog charges for these items (SKU → quantity), all of them products made here. */
    public long totalCents(Map<String, Integer> items) {
        return items.entrySet().stream().mapToLong(item -> {
            Long price = prices.get(item.getKey());
            if (price == null) {
                throw new IllegalArgumentException("not a product made by TestData: " + item.getKey());
            }
            return price * item.getValue();
        }).sum();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    /** One statement as the service's role (the local password is the role's name). */
    private void execute(String database, String role, String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(database), role, role);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write test data to " + database + ": " + e.getMessage(), e);
        }
    }
}
