package org.ordersaga.order.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The fingerprint that tells a retry of an order from another order under the same Idempotency-Key. */
class PlaceOrderRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameOrderWrittenAnotherWayHasTheSameFingerprint() throws Exception {
        PlaceOrderRequest compact = JSON.readValue("""
                {"customerId":"cust-alice","items":[{"sku":"SKU-PEN","quantity":2}],"shippingAddress":{"name":"A",\
                "street":"1 Main St","city":"Springfield","postalCode":"12345","country":"DE"}}""",
                PlaceOrderRequest.class);
        PlaceOrderRequest reordered = JSON.readValue("""
                { "shippingAddress": { "country": "DE", "postalCode": "12345", "city": "Springfield",
                                       "street": "1 Main St", "name": "A" },
                  "items": [ { "quantity": 2, "sku": "SKU-PEN" } ],
                  "customerId": "cust-alice" }""", PlaceOrderRequest.class);

        assertThat(reordered.fingerprint()).isEqualTo(compact.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void anotherOrderHasAnotherFingerprint() {
        PlaceOrderRequest order = order("cust-alice", "SKU-PEN", 2, "DE");

        assertThat(order("cust-alice", "SKU-PEN", 2, "DE").fingerprint()).isEqualTo(order.fingerprint());
        assertThat(List.of(order("cust-bob", "SKU-PEN", 2, "DE"), order("cust-alice", "SKU-BOOK", 2, "DE"),
                order("cust-alice", "SKU-PEN", 3, "DE"), order("cust-alice", "SKU-PEN", 2, "FR")))
                .extracting(PlaceOrderRequest::fingerprint).doesNotContain(order.fingerprint()).doesNotHaveDuplicates();
    }

    private static PlaceOrderRequest order(String customerId, String sku, int quantity, String country) {
        return new PlaceOrderRequest(customerId, List.of(new PlaceOrderRequest.Item(sku, quantity)),
                new PlaceOrderRequest.Address("A", "1 Main St", "Springfield", "12345", country));
    }
}
