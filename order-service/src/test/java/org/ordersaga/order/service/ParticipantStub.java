package org.ordersaga.order.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The four participants' REST command endpoints in one local HTTP server, answering each command with its success
 * reply unless a test scripts other answers for it; every call is recorded with its idempotency key. The test profile
 * and the test class live in different class loaders, so there is one server per JVM (its port in a system property)
 * and tests script it and read its calls over HTTP ({@code /stub/...}).
 */
final class ParticipantStub {

    record Call(String command, String key) {
        String orderId() {
            return key.substring(0, key.indexOf(':'));
        }
    }

    /** One scripted answer; the n-th call with the same key gets the n-th answer, the last one repeats. */
    record Answer(int status, String body, long delayMillis) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }

        static Answer unavailable() {
            return new Answer(503, "{}", 0);
        }
    }

    private static final String PORT_PROPERTY = "order-service.test.participant-stub.port";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> SUCCESS = Map.of(
            "reserve-inventory", "{\"type\":\"InventoryReserved\",\"totalCents\":2500}",
            "release-inventory", "{\"type\":\"InventoryReleased\"}",
            "settle-inventory", "{\"type\":\"InventorySettled\"}",
            "authorize-payment", "{\"type\":\"PaymentAuthorized\",\"amountCents\":2500}",
            "void-payment", "{\"type\":\"PaymentVoided\"}",
            "capture-payment", "{\"type\":\"PaymentCaptured\",\"amountCents\":2500}",
            "schedule-shipment", "{\"type\":\"ShipmentScheduled\"}",
            "cancel-shipment", "{\"type\":\"ShipmentCancelled\"}",
            "send-notification", "{\"type\":\"NotificationSent\"}");

    private ParticipantStub() {
    }

    static synchronized String url() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            port = String.valueOf(new Server().port());
            System.setProperty(PORT_PROPERTY, port);
        }
        return "http://localhost:" + port;
    }

    static void answer(String command, Answer... script) {
        send(HttpRequest.newBuilder(URI.create(url() + "/stub/answers/" + command))
                .PUT(HttpRequest.BodyPublishers.ofString(write(List.of(script)))));
    }

    static void reset() {
        send(HttpRequest.newBuilder(URI.create(url() + "/stub/answers")).DELETE());
    }

    static List<Call> callsFor(String orderId) {
        return calls().stream().filter(call -> call.orderId().equals(orderId)).toList();
    }

    /** Every call since the server started, of every order. */
    static List<Call> calls() {
        try {
            return JSON.readValue(send(HttpRequest.newBuilder(URI.create(url() + "/stub/calls")).GET()),
                    new TypeReference<List<Call>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Server {
        private final HttpServer http;
        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();

        Server() {
            try {
                http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.createContext("/commands/", this::command);
            http.createContext("/stub/", this::control);
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        private void command(HttpExchange exchange) throws IOException {
            String command = exchange.getRequestURI().getPath().substring("/commands/".length());
            exchange.getRequestBody().readAllBytes();
            Call call = new Call(command, exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            calls.add(call);
            int attempt = (int) calls.stream().filter(call::equals).count();
            List<Answer> script = scripts.getOrDefault(command, List.of(Answer.ok(SUCCESS.get(command))));
            Answer answer = script.get(Math.min(attempt, script.size()) - 1);
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, answer.status(), answer.body());
        }

        private void control(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            switch (exchange.getRequestMethod()) {
                case "PUT" -> scripts.put(path.substring("/stub/answers/".length()),
                        JSON.readValue(exchange.getRequestBody(), new TypeReference<List<Answer>>() { }));
                case "DELETE" -> scripts.clear();
                default -> {
                    respond(exchange, 200, write(calls));
                    return;
                }
            }
            respond(exchange, 204, "");
        }

        private static void respond(HttpExchange exchange, int status, String text) throws IOException {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try (var out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                out.write(body);
            } catch (IOException clientGone) {
                // the caller timed out and closed the connection: the answer is lost, as a real participant's would be
            } finally {
                exchange.close();
            }
        }
    }
}
