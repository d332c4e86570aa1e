package org.ordersaga.payment.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.LostDatabase;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * PostgreSQL terminates every connection of payment-service (pg_terminate_backend, as a failover or the chaos suite
 * does): the pool holds dead connections. A read must not answer 500 for that; the first one may answer 503
 * problem+json with Retry-After (chassis rest/UnreachableDatabase), after which the pool holds no dead connection:
 * the test classes after this one share the application and its pool.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class PaymentResourceDatabaseFailureTest {

    /** Idle connections the pool holds when the database is lost: each one left dead would fail one more request. */
    private static final int POOLED = 12;

    @Inject
    AgroalDataSource pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aReadAfterTerminatedConnectionsAnswersNo500AndLeavesNoDeadConnection() throws Exception {
        LostDatabase.fillPool(pool, POOLED);
        assertThat(LostDatabase.terminateConnectionsOf(url, username, password)).as("connections terminated").isGreaterThanOrEqualTo(POOLED);

        Response first = read();
        assertThat(first.statusCode()).as("GET right after the termination: %s", first.asString()).isIn(404, 503);
        if (first.statusCode() == 503) {
            assertThat(first.contentType()).startsWith("application/problem+json");
            assertThat(first.header("Retry-After")).isNotBlank();
            // the pool validates its idle connections on its own thread: allow it a moment
            Thread.sleep(100);
        }
        List<String> following = new ArrayList<>();
        for (int i = 0; i < POOLED; i++) {
            Response answer = read();
            following.add(answer.statusCode() + " " + answer.asString());
        }
        assertThat(following).as("the %d GETs after that", POOLED).allMatch(answer -> answer.startsWith("404 "));
    }

    private static Response read() {
        return given().queryParam("orderId", "no-such-order").get("/payments");
    }
}
