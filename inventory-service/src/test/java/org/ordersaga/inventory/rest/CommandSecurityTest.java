package org.ordersaga.inventory.rest;

import org.ordersaga.testsupport.ForgedCommands;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A forged release keeps no reservation and leaves the order's reserve applicable (a release that went through would
 * refuse it).
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class CommandSecurityTest extends ForgedCommands {

    @Override
    protected Command forged(String orderId) {
        return new Command("release-inventory", "{" + ids(orderId) + "}");
    }

    @Override
    protected Command real(String orderId) {
        return new Command("reserve-inventory",
                "{" + ids(orderId) + ",\"items\":[{\"sku\":\"SKU-PEN\",\"quantity\":1}]}");
    }

    @Override
    protected String appliedReplyType() {
        return "InventoryReserved";
    }

    @Override
    protected int recordsFor(String orderId) {
        return foundAt("/reservations", orderId);
    }
}
