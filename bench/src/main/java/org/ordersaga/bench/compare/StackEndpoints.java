package org.ordersaga.bench.compare;

import java.util.Map;

/** Where the bench finds a stack: the service base URLs by short name, Kafka, and order_db for the CDC probe. */
public record StackEndpoints(Map<String, String> serviceUrls, String kafkaBootstrap, String orderDbJdbcUrl) {

    static final String[] SERVICES = { "order", "inventory", "payment", "fulfillment", "notification",
            "orchestrator" };

    public String url(String service) {
        String url = serviceUrls.get(service);
        if (url == null) {
            throw new IllegalStateException("no URL for the " + service + " service");
        }
        return url;
    }
}
