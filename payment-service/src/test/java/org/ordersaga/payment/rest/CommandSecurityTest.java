package org.ordersaga.payment.rest;

import org.ordersaga.testsupport.ForgedCommands;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A forged void keeps no authorization and leaves the order's authorize applicable (a void that went through would
 * decline it).
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class CommandSecurityTest extends ForgedCommands {

    @Override
    protected Command forged(String orderId) {
        return new Command("void-payment", "{" + ids(orderId) + "}");
    }

    @Override
    protected Command real(String orderId) {
        return new Command("authorize-payment",
                "{" + ids(orderId) + ",\"customerId\":\"cust-alice\",\"amountCents\":100}");
    }

    @Override
    protected String appliedReplyType() {
        return "PaymentAuthorized";
    }

    @Override
    protected int recordsFor(String orderId) {
        return foundAt("/payments", orderId);
    }
}
