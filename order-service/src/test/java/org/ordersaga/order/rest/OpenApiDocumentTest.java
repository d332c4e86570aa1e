package org.ordersaga.order.rest;

import org.ordersaga.testsupport.CheckedInOpenApi;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/api/order-service.yaml is the OpenAPI document this service serves, and Swagger UI answers. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "order"))
class OpenApiDocumentTest extends CheckedInOpenApi {

    OpenApiDocumentTest() {
        super("order-service");
    }
}
