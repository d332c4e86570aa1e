package org.ordersaga.testsupport.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class HeadlessChromiumTest {

    private static final String PAGE = """
            <!doctype html><html><body>
            <input id="query"><button id="go" onclick="setTimeout(() => {
              document.getElementById('out').textContent = 'found ' + document.getElementById('query').value;
            }, 300)">Search</button><p id="out"></p>
            </body></html>""";

    private static HttpServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.stop(0);
    }

    @Test
    void typesClicksWaitsAndTakesAScreenshot(@TempDir Path dir) throws IOException {
        try (HeadlessChromium.Page page = browser.newPage()) {
            page.navigate("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            page.evaluate("document.getElementById('query').value = 'trace-42'");
            page.evaluate("document.getElementById('go').click()");
            page.waitFor("document.getElementById('out').textContent.length > 0", Duration.ofSeconds(10));

            assertThat(page.evaluate("document.getElementById('out').textContent")).isEqualTo("\"found trace-42\"");
            Path png = page.screenshot(dir.resolve("shots/page.png"));
            byte[] header = Files.readAllBytes(png);
            assertThat(header).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void reportsTheBrowsersErrorAndAConditionThatNeverHolds() {
        try (HeadlessChromium.Page page = browser.newPage()) {
            assertThatThrownBy(() -> page.evaluate("noSuchFunction()"))
                    .hasMessageContaining("noSuchFunction is not defined");
            assertThatThrownBy(() -> page.waitFor("false", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("false");
        }
    }
}
