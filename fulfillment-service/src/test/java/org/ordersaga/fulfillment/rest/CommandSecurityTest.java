package org.ordersaga.fulfillment.rest;

import org.ordersaga.testsupport.ForgedCommands;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A forged cancel keeps no shipment and leaves the order's schedule applicable (a cancel that went through would
 * refuse it).
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "fulfillment"))
class CommandSecurityTest extends ForgedCommands {

    @Override
    protected Command forged(String orderId) {
        return new Command("cancel-shipment", "{" + ids(orderId) + "}");
    }

    @Override
    protected Command real(String orderId) {
        return new Command("schedule-shipment", "{" + ids(orderId)
                + ",\"items\":[{\"sku\":\"SKU-PEN\",\"quantity\":1}],\"shippingAddress\":{\"name\":\"Alice\","
                + "\"street\":\"1 Main St\",\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"DE\"}}");
    }

    @Override
    protected String appliedReplyType() {
        return "ShipmentScheduled";
    }

    @Override
    protected int recordsFor(String orderId) {
        return foundAt("/shipments", orderId);
    }
}
