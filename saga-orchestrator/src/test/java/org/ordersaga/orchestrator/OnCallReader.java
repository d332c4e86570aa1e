package org.ordersaga.orchestrator;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The on-call read APIs need role viewer (or operator): the %test profile's documented viewer. */
public final class OnCallReader {

    private OnCallReader() {
    }

    public static RequestSpecification asViewer() {
        return RestAssured.given().auth().preemptive().basic("viewer", "viewer");
    }
}
