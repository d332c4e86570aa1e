package org.ordersaga.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;
import org.ordersaga.testsupport.SagaCaller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests that race each other in the participant's database: a reserve and a release of one order (each inserts
 * the order's reservation row when there is none), and retries that carry one key at once. Whoever loses a race gets
 * an answer as if it had come second, never a 500, and the effect happens once.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "inventory"))
class CommandResourceConcurrencyTest {

    private static final int ORDERS = 30;
    private static final int SAME_KEY_REQUESTS = 8;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @TestHTTPResource("/commands")
    URI commands;

    record Answer(int status, String contentType, JsonNode body, boolean replayed) {
    }

    @Test
    void aReserveRacingAReleaseOfTheSameOrderIsAnsweredAsIfItCameFirstOrSecond() throws Exception {
        int lampsBefore = availableLamps();
        List<Answer> reserves = new ArrayList<>();
        List<Answer> releases = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < ORDERS; i++) {
                String orderId = UUID.randomUUID().toString();
                CountDownLatch start = new CountDownLatch(1);
                Future<Answer> reserve = pool.submit(() -> post(start, "reserve-inventory",
                        orderId + ":reserve-inventory",
                        "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":1}]}"));
                Future<Answer> release = pool.submit(() -> post(start, "release-inventory",
                        orderId + ":release-inventory", "{\"orderId\":\"" + orderId + "\"}"));
                start.countDown();
                reserves.add(reserve.get());
                releases.add(release.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(releases).allSatisfy(answer -> {
            assertThat(answer.status()).as("release answered %s", answer.body()).isEqualTo(200);
            assertThat(answer.body().path("type").asText()).isEqualTo("InventoryReleased");
        });
        // first: reserved (then released); second: refused as cancelled, nothing held
        assertThat(reserves).allSatisfy(answer -> {
            assertThat(answer.status()).as("reserve answered %s", answer.body()).isIn(200, 409);
            if (answer.status() == 409) {
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        });
        assertThat(availableLamps()).isEqualTo(lampsBefore);
    }

    @Test
    void requestsWithOneKeyAtOnceReserveOnceAndAllGetTheFirstAnswer() throws Exception {
        int lampsBefore = availableLamps();
        String orderId = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"SKU-LAMP\",\"quantity\":2}]}";
        List<Future<Answer>> sent = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SAME_KEY_REQUESTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < SAME_KEY_REQUESTS; i++) {
                sent.add(pool.submit(() -> post(start, "reserve-inventory", orderId + ":reserve-inventory", body)));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : sent) {
                answers.add(answer.get());
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).as("answered %s", answer.body()).isEqualTo(200);
                assertThat(answer.body().path("type").asText()).isEqualTo("InventoryReserved");
            });
            assertThat(answers).extracting(answer -> answer.body().path("reservationId").asText()).containsOnly(
                    answers.get(0).body().path("reservationId").asText());
            assertThat(answers).filteredOn(answer -> !answer.replayed()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(availableLamps()).isEqualTo(lampsBefore - 2);
    }

    private Answer post(CountDownLatch start, String command, String key, String body) throws Exception {
        start.await();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(commands + "/" + command))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .header("Authorization", SagaCaller.basicAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                mapper.readTree(response.body()), response.headers().firstValue("Idempotent-Replayed").isPresent());
    }

    private static int availableLamps() {
        return given().get("/products/SKU-LAMP").then().statusCode(200).extract().path("available");
    }
}
