package org.ordersaga.order.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** What the orchestrator's reconciliation reads: the async orders still PENDING, placed before a time, paged by ID. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class PendingOrdersResourceTest {

    private static final String ORDER = """
            {"customerId": "cust-alice", "items": [{"sku": "SKU-PEN", "quantity": 1}],
             "shippingAddress": {"name": "Alice", "street": "1 Main St", "city": "Springfield",
                                 "postalCode": "12345", "country": "DE"}}""";

    @Test
    void listsEveryPendingAsyncOrderPlacedBeforeTheTimeAPageAtATime() {
        Instant before = Instant.now();
        String older = place();
        String newer = place();
        Instant placedBefore = Instant.now().plusSeconds(1);

        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = given().queryParam("mode", "async").queryParam("placedBefore", placedBefore.toString())
                    .queryParam("limit", 1).queryParams(after == null ? Map.of() : Map.of("after", after))
                    .get("/orders/pending").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(1);
            walked.addAll(page.getList("items.orderId", String.class));
            assertThat(page.getList("items.status", String.class)).allSatisfy(status -> assertThat(status)
                    .isEqualTo("PENDING"));
            after = page.getString("next");
        } while (after != null);

        assertThat(walked).contains(older, newer).doesNotHaveDuplicates();
        assertThat(given().queryParam("mode", "async").queryParam("placedBefore", before.toString())
                .get("/orders/pending").then().statusCode(200).extract().jsonPath()
                .getList("items.orderId", String.class)).doesNotContain(older, newer);
    }

    @Test
    void aBadQueryIsABadRequest() {
        given().get("/orders/pending?mode=async").then().statusCode(400);
        given().get("/orders/pending?mode=later&placedBefore=2030-01-01T00:00:00Z").then().statusCode(400);
        given().get("/orders/pending?mode=async&placedBefore=2030-01-01T00:00:00Z&limit=0").then().statusCode(400);
        given().get("/orders/pending?mode=async&placedBefore=2030-01-01T00:00:00Z&after=x").then().statusCode(400);
    }

    private static String place() {
        return given().contentType(ContentType.JSON).body(ORDER).post("/orders?mode=async").then().statusCode(202)
                .body("status", equalTo("PENDING")).extract().path("orderId");
    }
}
