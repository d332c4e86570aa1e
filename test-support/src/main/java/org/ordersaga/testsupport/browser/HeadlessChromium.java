package org.ordersaga.testsupport.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: no browser
 * download, no driver binary, no extra library. When the browser is missing and the tests run as root on a Debian
 * machine, it installs the {@code chromium} package (the only browser the project accepts).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profileDir;
    private final WebSocket socket;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profileDir, URI devtools) {
        this.process = process;
        this.profileDir = profileDir;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(devtools, new Listener())
                .orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    public static HeadlessChromium launch() {
        Path executable = ChromiumExecutable.locateOrInstall();
        try {
            Path profileDir = Files.createTempDirectory("ordersaga-chromium-");
            Process process = new ProcessBuilder(executable.toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
                    "--user-data-dir=" + profileDir, "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new HeadlessChromium(process, profileDir, awaitDevtoolsUrl(process));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + executable + ": " + e.getMessage(), e);
        }
    }

    /** A new tab with a 1280×900 viewport. */
    public Page newPage() {
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .path("sessionId").asText();
        Page page = new Page(targetId, sessionId);
        page.send("Page.enable", Map.of());
        page.send("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        return page;
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(profileDir);
    }

    /** One tab. Every method fails the test with the browser's own message when the page throws. */
    public final class Page implements AutoCloseable {

        private final String targetId;
        private final String sessionId;

        private Page(String targetId, String sessionId) {
            this.targetId = targetId;
            this.sessionId = sessionId;
        }

        /** Loads the URL and waits until the document has finished loading. */
        public void navigate(String url) {
            JsonNode answer = send("Page.navigate", Map.of("url", url));
            if (answer.hasNonNull("errorText")) {
                throw new IllegalStateException("Chromium could not load " + url + ": " + answer.get("errorText").asText());
            }
            waitFor("document.readyState === 'complete'", COMMAND_TIMEOUT);
        }

        /** Evaluates a JavaScript expression (promises are awaited) and returns its value as JSON text. */
        public String evaluate(String expression) {
            JsonNode answer = send("Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (answer.has("exceptionDetails")) {
                JsonNode details = answer.get("exceptionDetails");
                throw new IllegalStateException("JavaScript failed: "
                        + details.path("exception").path("description").asText(details.path("text").asText()));
            }
            JsonNode value = answer.path("result").path("value");
            return value.isMissingNode() ? "null" : value.toString();
        }

        /** Polls a JavaScript boolean expression until it is true; fails with the expression after the timeout. */
        public void waitFor(String condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!"true".equals(evaluate("Boolean(" + condition + ")"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Still false after " + timeout + ": " + condition);
                }
                sleep(Duration.ofMillis(100));
            }
        }

        /** Saves a PNG of the whole page (beyond the viewport), creating parent directories. */
        public Path screenshot(Path png) {
            JsonNode answer = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            try {
                Files.createDirectories(png.toAbsolutePath().getParent());
                Files.write(png, java.util.Base64.getDecoder().decode(answer.path("data").asText()));
                return png;
            } catch (IOException e) {
                throw new IllegalStateException("Could not write screenshot " + png, e);
            }
        }

        private JsonNode send(String method, Map<String, Object> params) {
            return call(sessionId, method, params);
        }

        @Override
        public void close() {
            call(null, "Target.closeTarget", Map.of("targetId", targetId));
        }
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) {
        long id = nextId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) {
                socket.sendText(message.toString(), true).join();
            }
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Chromium within " + COMMAND_TIMEOUT, e);
        } finally {
            pending.remove(id);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                dispatch(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            try {
                JsonNode message = JSON.readTree(text);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> waiting = pending.get(message.get("id").asLong());
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                }
            } catch (IOException e) {
                pending.values().forEach(waiting -> waiting.completeExceptionally(e));
            }
        }
    }

    private static URI awaitDevtoolsUrl(Process process) throws IOException {
        CompletableFuture<URI> url = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher matcher = DEVTOOLS_URL.matcher(line);
                    if (matcher.find()) {
                        url.complete(URI.create(matcher.group(1)));
                    } else if (!url.isDone()) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended; the timeout below reports it
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before it listened:\n" + output));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Chromium started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("Chromium did not open its DevTools port: " + e.getMessage() + "\n" + output, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
