package org.ordersaga.orchestrator.rest;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * order-service's read API as a local HTTP server: each path answers what a test scripted for it, anything else 404
 * problem+json; every request path is recorded. It can be taken down (its port then refuses connections) and brought
 * back on the same port. The test profile and the test class live in different class loaders, so there is one stub
 * per JVM (its ports in system properties), scripted and read over a second server that stays up ({@code /stub/...}).
 */
public final class OrderServiceStub {

    /** One scripted answer: status, JSON body, and how long to wait before sending it. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer ok(String body) {
            return new Answer(200, body, 0);
        }
    }

    record Scripted(String path, Answer answer) {
    }

    private static final String PORT_PROPERTY = "saga-orchestrator.test.order-service-stub.port";
    private static final String CONTROL_PORT_PROPERTY = "saga-orchestrator.test.order-service-stub.control-port";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OrderServiceStub() {
    }

    /** The base URL the orchestrator under test calls as order-service. */
    public static synchronized String url() {
        if (System.getProperty(PORT_PROPERTY) == null) {
            Server server = new Server();
            System.setProperty(PORT_PROPERTY, String.valueOf(server.port));
            System.setProperty(CONTROL_PORT_PROPERTY, String.valueOf(server.control.getAddress().getPort()));
        }
        return "http://localhost:" + System.getProperty(PORT_PROPERTY);
    }

    public static void answer(String path, Answer answer) {
        control(HttpRequest.newBuilder(control("answers")).PUT(HttpRequest.BodyPublishers.ofString(
                write(new Scripted(path, answer)))));
    }

    public static void reset() {
        control(HttpRequest.newBuilder(control("answers")).DELETE());
    }

    public static List<String> requestedPaths() {
        try {
            return JSON.readValue(control(HttpRequest.newBuilder(control("requests")).GET()),
                    new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on connections to order-service's port are refused, until {@link #up()}. */
    static void down() {
        control(HttpRequest.newBuilder(control("down")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static void up() {
        control(HttpRequest.newBuilder(control("up")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static URI control(String what) {
        url();
        return URI.create("http://localhost:" + System.getProperty(CONTROL_PORT_PROPERTY) + "/stub/" + what);
    }

    private static String control(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("stub control answered " + response.statusCode());
            }
            return response.body();
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
        private final HttpServer control;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Map<String, Answer> answers = new ConcurrentHashMap<>();
        private final int port;
        private HttpServer orderService;

        Server() {
            orderService = listen(0, "/", this::orderService);
            port = orderService.getAddress().getPort();
            control = listen(0, "/stub/", this::control);
        }

        private HttpServer listen(int port, String path, HttpHandler handler) {
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress("localhost", port), 0);
                http.createContext(path, handler);
                http.setExecutor(threads);
                http.start();
                return http;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void orderService(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            Answer answer = answers.getOrDefault(path, new Answer(404,
                    "{\"title\":\"Not found\",\"status\":404,\"detail\":\"nothing scripted\"}", 0));
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, answer.status(), answer.status() < 400 ? "application/json" : "application/problem+json",
                    answer.body());
        }

        private synchronized void control(HttpExchange exchange) throws IOException {
            String what = exchange.getRequestURI().getPath().substring("/stub/".length());
            switch (exchange.getRequestMethod() + " " + what) {
                case "PUT answers" -> {
                    Scripted scripted = JSON.readValue(exchange.getRequestBody(), Scripted.class);
                    answers.put(scripted.path(), scripted.answer());
                }
                case "DELETE answers" -> {
                    answers.clear();
                    requests.clear();
                }
                case "GET requests" -> {
                    respond(exchange, 200, "application/json", write(requests));
                    return;
                }
                case "POST down" -> orderService.stop(0);
                // the same port again: SO_REUSEADDR lets it be bound while old connections linger
                case "POST up" -> orderService = listen(port, "/", this::orderService);
                default -> {
                    respond(exchange, 404, "application/json", "{}");
                    return;
                }
            }
            respond(exchange, 204, "application/json", "");
        }

        private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            try (var out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                out.write(body);
            } catch (IOException clientGone) {
                // the caller timed out and closed the connection, as it should
            } finally {
                exchange.close();
            }
        }
    }
}
