package org.ordersaga.platform;

import java.util.List;
import java.util.Optional;

/** The six services as docs/conventions.md names them: module, HTTP port, database and role. */
public final class ServiceCatalog {

    public record Service(String name, String shortName, int httpPort, String database, String role) {
        public String module() {
            return name;
        }
    }

    public static final List<Service> SERVICES = List.of(
            new Service("order-service", "order", 8081, "order_db", "order_service"),
            new Service("inventory-service", "inventory", 8082, "inventory_db", "inventory_service"),
            new Service("payment-service", "payment", 8083, "payment_db", "payment_service"),
            new Service("fulfillment-service", "fulfillment", 8084, "fulfillment_db", "fulfillment_service"),
            new Service("notification-service", "notification", 8085, "notification_db", "notification_service"),
            new Service("saga-orchestrator", "orchestrator", 8086, "orchestrator_db", "saga_orchestrator"));

    private ServiceCatalog() {
    }

    /** Accepts the module name ("payment-service") or the short name ("payment"). */
    public static Optional<Service> find(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name) || s.shortName().equals(name)).findFirst();
    }

    public static Service require(String name) {
        return find(name).orElseThrow(() -> new PlatformException("unknown service '" + name + "'; known: "
                + SERVICES.stream().map(Service::shortName).toList()));
    }
}
