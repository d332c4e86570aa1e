package org.ordersaga.bench.compare;

/** The order mix: most orders succeed; every tenth of three kinds is rejected by design (seed data). */
enum OrderKind {
    APPROVABLE("cust-alice", null, "DE", "APPROVED"),
    SOLD_OUT("cust-alice", "SKU-SOLD-OUT", "DE", "REJECTED"),
    NO_CREDIT("cust-broke", null, "DE", "REJECTED"),
    UNDELIVERABLE("cust-alice", null, "AQ", "REJECTED");

    private static final String[] IN_STOCK = { "SKU-PEN", "SKU-BOOK", "SKU-LAMP" };

    final String customerId;
    final String fixedSku;
    final String country;
    final String expectedStatus;

    OrderKind(String customerId, String fixedSku, String country, String expectedStatus) {
        this.customerId = customerId;
        this.fixedSku = fixedSku;
        this.country = country;
        this.expectedStatus = expectedStatus;
    }

    /** 70 % approvable, 10 % each rejected for stock, credit and address. */
    static OrderKind of(int index) {
        return switch (index % 10) {
            case 3 -> SOLD_OUT;
            case 6 -> NO_CREDIT;
            case 9 -> UNDELIVERABLE;
            default -> APPROVABLE;
        };
    }

    String sku(int index) {
        return fixedSku != null ? fixedSku : IN_STOCK[index % IN_STOCK.length];
    }

    String body(int index) {
        return "{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"" + sku(index) + "\",\"quantity\":1}],"
                + "\"shippingAddress\":{\"name\":\"Bench customer " + index + "\",\"street\":\"1 Main St\","
                + "\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"" + country + "\"}}";
    }
}
