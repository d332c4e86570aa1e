package org.ordersaga.fulfillment.rest;

import org.ordersaga.testsupport.CheckedInOpenApi;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/api/fulfillment-service.yaml is the OpenAPI document this service serves, and Swagger UI answers. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "fulfillment"))
class OpenApiDocumentTest extends CheckedInOpenApi {

    OpenApiDocumentTest() {
        super("fulfillment-service");
    }
}
