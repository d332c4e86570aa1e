package org.ordersaga.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** One reading of a service's Prometheus text ({@code /q/metrics}). */
public final class Metrics {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    /** Reads {@code serviceUrl + "/q/metrics"}; fails unless it answers 200. */
    public static Metrics of(String serviceUrl) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + serviceUrl + "/q/metrics answered " + response.statusCode());
            }
            return new Metrics(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of the samples of {@code name} whose labels contain every one of {@code labels} (e.g.
     * {@code state="STUCK"}); 0 when there is none yet.
     */
    public double sum(String name, String... labels) {
        return text.lines().filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> labelsOf(line).contains(label)))
                .mapToDouble(Metrics::valueOf)
                .sum();
    }

    /** The value follows the series; an exemplar ({@code # {trace_id=...} 1.0 <time>}) may follow the value. */
    static double valueOf(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int seriesEnd = brace >= 0 && brace < space ? line.indexOf('}', brace) + 1 : space;
        return Double.parseDouble(line.substring(seriesEnd).trim().split("\\s+")[0]);
    }

    /** The whole text, for a pattern of its own. */
    public String text() {
        return text;
    }

    private static String labelsOf(String line) {
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        return open < 0 || close < open ? "" : line.substring(open + 1, close);
    }
}
