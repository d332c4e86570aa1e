package org.ordersaga.notification.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.OperatorCaller;
import org.ordersaga.testsupport.SagaCaller;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The notifications show customer data: reading them needs role {@code viewer} or {@code operator}. A refusal is a
 * problem like every other error: 401 with the Basic challenge without a credential or with a wrong one (refused
 * before any endpoint), 403 for a user whose role reads nothing here.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "notification"))
class NotificationResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void readingNeedsAViewerOrAnOperator() {
        String orderId = UUID.randomUUID().toString();

        isUnauthorized(read(given(), orderId));
        isUnauthorized(read(as("viewer", "guess"), orderId));
        read(as(SagaCaller.USER, SagaCaller.PASSWORD), orderId).statusCode(403).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:ordersaga:problem:forbidden"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", not(emptyOrNullString()))
                .body("instance", equalTo("/notifications"));

        for (String user : List.of("viewer", OperatorCaller.USER)) {
            read(as(user, user), orderId).statusCode(200).body("$", hasSize(0));
        }
    }

    private static void isUnauthorized(ValidatableResponse response) {
        response.statusCode(401).header("WWW-Authenticate", startsWith("Basic")).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:ordersaga:problem:unauthorized"))
                .body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401))
                .body("detail", not(emptyOrNullString()))
                .body("instance", equalTo("/notifications"));
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    private static ValidatableResponse read(RequestSpecification request, String orderId) {
        return request.queryParam("orderId", orderId).get("/notifications").then();
    }
}
