package org.ordersaga.bench.compare;

import java.util.Map;

/** Where the bench finds a stack: the service base URLs by short name, Kafka, and order_db for the CDC probe. */
public record StackEndpoints(Map<String, String> serviceUrls, String kafkaBootstrap, String orderDbJdbcUrl) {

    static final String[] SERVICES = { "order", "inventory", "payment", "fulfillment", "notification" };

    public String url(String service) {
        String url = serviceUrls.get(service);
        if (url == null) {
            throw new IllegalStateException("no URL for the " + service + " service");
        }
        return url;
    }

    /** A running stack named by --order-url, --payment-url, ... (each defaults to the local port), --kafka, --jdbc-url. */
    static StackEndpoints fromArgs(Args args) {
        Map<String, String> urls = new java.util.HashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            urls.put(SERVICES[i], args.text(SERVICES[i] + "-url", "http://localhost:" + (8081 + i)));
        }
        return new StackEndpoints(urls, args.text("kafka", "localhost:19092"),
                args.text("jdbc-url", "jdbc:postgresql://localhost:15432/order_db"));
    }
}
