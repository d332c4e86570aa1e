package org.ordersaga.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The platform's health endpoint, {@code GET /health}: each CDC engine's state, 200 "UP" only while every one is
 * running and connected, else 503 "DOWN" (a relay that stopped or restarts an engine is not healthy). The JDK's own
 * HTTP server: one endpoint needs no framework in the launcher.
 */
final class PlatformHealth implements AutoCloseable {
    static final String PATH = "/health";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private PlatformHealth(HttpServer server) {
        this.server = server;
    }

    static PlatformHealth start(int port, Supplier<Map<String, CdcEngine.Status>> relay) {
        Ports.requireFree(port, "relay health");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext(PATH, exchange -> answer(exchange, relay.get()));
            server.start();
            return new PlatformHealth(server);
        } catch (IOException e) {
            throw new PlatformException("the relay's health endpoint did not start on port " + port, e);
        }
    }

    static boolean healthy(Map<String, CdcEngine.Status> relay) {
        return !relay.isEmpty() && relay.values().stream().allMatch(CdcEngine.Status::healthy);
    }

    /** {@code {"status":"UP"|"DOWN","relay":{"<database>":{"state":"running",...}}}} */
    static ObjectNode body(Map<String, CdcEngine.Status> relay) {
        ObjectNode body = JSON.createObjectNode().put("status", healthy(relay) ? "UP" : "DOWN");
        ObjectNode engines = body.putObject("relay");
        relay.forEach((database, status) -> engines.set(database, json(status)));
        return body;
    }

    /** One engine: {@code {"state":"restarting","connected":false,"attempt":2,"restarts":1,"lastError":...}} */
    static ObjectNode json(CdcEngine.Status status) {
        ObjectNode engine = JSON.createObjectNode()
                .put("state", status.state().name().toLowerCase(Locale.ROOT))
                .put("connected", status.connected())
                .put("attempt", status.attempt())
                .put("restarts", status.restarts());
        if (status.lastError() != null) {
            engine.put("lastError", status.lastError()).put("lastFailureAt", status.lastFailureAt().toString());
        }
        return engine;
    }

    private static void answer(HttpExchange exchange, Map<String, CdcEngine.Status> relay) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsString(body(relay)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(healthy(relay) ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
