package org.ordersaga.bench.compare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The bench's calls to the stack besides the load itself: read APIs, fault admin, metrics, health. */
final class StackClient {
    static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: one connection per request in flight, as most load tools do (HTTP/2 would queue on one connection).
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final StackEndpoints stack;
    /** {@code Authorization} of the operator ({@code user:password}): fault injection, the rollout switch. */
    private final String operator;
    /** The pid of the stack's launcher (Kafka, the relay, the services' parent); 0 when it is not known. */
    private final AtomicLong launcherPid;

    StackClient(StackEndpoints stack, String operatorCredentials) {
        this(stack, operatorCredentials, OptionalLong.empty());
    }

    StackClient(StackEndpoints stack, String operatorCredentials, OptionalLong launcherPid) {
        this.stack = stack;
        this.operator = basic(operatorCredentials);
        this.launcherPid = new AtomicLong(launcherPid.orElse(0));
    }

    long launcherPid() {
        long pid = launcherPid.get();
        if (pid == 0) {
            throw new IllegalStateException("the stack's launcher is not known: name it with --stack-pid");
        }
        return pid;
    }

    /** After a fault started the launcher again: the next fault on it acts on the new one. */
    void launcherReplacedBy(long pid) {
        launcherPid.set(pid);
    }

    /** The JSON at {@code path} of a service, read as the operator (the on-call reads need a role); empty on 404. */
    Optional<JsonNode> read(String service, String path) {
        HttpResponse<String> response = readAsOperator(service, path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + service + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + service + path + " is not JSON", e);
        }
    }

    /**
     * A GET, tried again up to five times, 2 s apart, on a 5xx or a lost connection: right after a fault a service's
     * pool may still hand out a connection PostgreSQL terminated, and a read is safe to repeat.
     */
    private HttpResponse<String> readAsOperator(String service, String path) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                        .header("authorization", operator).GET());
                if (response.statusCode() < 500 || attempt == 5) {
                    return response;
                }
            } catch (IllegalStateException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    String text(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).GET()).body();
    }

    void setFaults(String service, String faultsJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/admin/faults"))
                .header("content-type", "application/json").header("authorization", operator)
                .PUT(HttpRequest.BodyPublishers.ofString(faultsJson)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("faults on " + service + " refused (" + response.statusCode() + "): "
                    + response.body() + " — is fault injection enabled (dev profile)? check --operator");
        }
    }

    void clearFaults(String service) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/admin/faults"))
                .header("authorization", operator).DELETE());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("clearing faults on " + service + " failed: " + response.body());
        }
    }

    /** Sets order-service's rollout share (role operator); the orders that name no mode then run as the saga at it. */
    void setSagaShare(int percent, String reason) {
        String body = JSON.createObjectNode().put("sagaSharePercent", percent).put("reason", reason).toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url("order") + "/admin/rollout"))
                .header("content-type", "application/json").header("authorization", operator)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("order-service refused the saga share " + percent + " % ("
                    + response.statusCode() + "): " + response.body() + " — check --operator");
        }
    }

    /** Back to order-service's configured share. */
    void resetSagaShare() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url("order") + "/admin/rollout"))
                .header("authorization", operator).DELETE());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("resetting order-service's saga share failed (" + response.statusCode()
                    + "): " + response.body());
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether order-service reports ready, within two seconds. */
    boolean orderServiceReady() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.url("order") + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
