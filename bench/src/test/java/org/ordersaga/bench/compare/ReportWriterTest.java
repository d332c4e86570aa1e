package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersaga.bench.CpuPerOrder;
import org.ordersaga.bench.LatencyHistogram;

import com.fasterxml.jackson.databind.JsonNode;

class ReportWriterTest {

    private static RunResult run(String scenario, String mode, double completionMs, int inconsistent) {
        List<RunResult.Point> timeline = List.of(new RunResult.Point(0.1, completionMs, "APPROVED"),
                new RunResult.Point(1.2, completionMs * 2, "REJECTED"), new RunResult.Point(2.5, null, "HTTP 502"));
        CpuPerOrder cpu = new CpuPerOrder("measured over launcher pid 1", 2, 40.0,
                Map.of("order-service", mode.equals("sync") ? 4.0 : 2.5, "postgres", 1.5), mode.equals("sync") ? 5.5 : 4.0);
        return new RunResult(scenario, "title of " + scenario, mode, 10, 3.0, 1, 2, 3, 2, 66.7, 2, 66.7, 1, 1, 0,
                inconsistent, List.of(), latency(5, 7), latency(completionMs, completionMs * 2), 4, 1.33, 1,
                Map.of("HTTP 502", 1), new RunResult.Health(6, 100, 2, 50), cpu,
                new RunResult.FaultRecovery(2.0, 300, 500, 5.0, 1), timeline);
    }

    private static RunResult.Latency latency(double... millis) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (double ms : millis) {
            histogram.recordNanos(Math.round(ms * 1e6));
        }
        return RunResult.Latency.of(histogram);
    }

    @Test
    void latencyPercentilesAreNearestRankWithinTheHistogramsPrecision() {
        double[] sample = new double[100];
        for (int i = 0; i < 100; i++) {
            sample[i] = 100 - i;
        }
        RunResult.Latency latency = latency(sample);
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).isCloseTo(50, withinPercentage(0.1));
        assertThat(latency.p95()).isCloseTo(95, withinPercentage(0.1));
        assertThat(latency.p99()).isCloseTo(99, withinPercentage(0.1));
        assertThat(latency().p99()).isNaN();
    }

    @Test
    void writesBothModesSideBySideWithPlots(@TempDir Path dir) throws Exception {
        ComparisonReport report = new ComparisonReport("now", true, 10, 2, 3, 1, 1, 5, List.of(
                run("baseline", "sync", 40, 0), run("baseline", "async", 20, 0),
                run("payment-down", "sync", 900, 2), run("payment-down", "async", 30, 0)));

        ReportWriter.write(report, dir);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain("<script", "http://", "https://").contains("fault-window");
        assertThat(Pattern.compile("<svg").matcher(html).results().count())
                .as("three overview charts and one latency plot per scenario").isEqualTo(5);
        assertThat(html).contains("<th class=\"sync\">sync</th><th class=\"async\">async</th>")
                .contains("<td class=\"bad\">2</td>");
        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(html).contains("after 2 s of warm-up load per mode that is not reported");
        assertThat(md).contains("after 2 s of unreported warm-up per mode", "| figure | sync | async |",
                "| inconsistent | 2 | 0 |",
                "| completion latency p50 / p95 / p99 | 900 / 1800 / 1800 ms | 30 / 60 / 60 ms |",
                "CPU measured over launcher pid 1.",
                "| CPU per completed order, all processes | 5.5 ms | 4.0 ms |",
                "| ms CPU per completed order | sync | async |", "| order-service | 4.0 | 2.5 |",
                "| postgres | 1.5 | 1.5 |", "| total | 5.5 | 4.0 |");
        assertThat(html).contains("<table class=\"cpu\">", "<tr><td>order-service</td><td>4.0</td><td>2.5</td></tr>");
        JsonNode json = StackClient.JSON.readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("runs")).hasSize(4);
        assertThat(json.path("runs").get(2).path("inconsistent").asInt()).isEqualTo(2);
        assertThat(json.path("runs").get(1).path("cpuPerOrder").path("msByProcess").path("order-service").asDouble())
                .isEqualTo(2.5);
    }

    @Test
    void latencySeriesSkipsOrdersThatNeverCompleted() {
        Svg.Series series = ReportWriter.latencySeries(run("baseline", "async", 20, 0));
        assertThat(series.points()).hasSize(3 - 1);
        assertThat(series.failuresAtX()).containsExactly(2.5);
        String svg = Svg.latencyOverTime("t", 3, 1, 2, List.of(series));
        assertThat(svg).contains("class=\"series\"", "class=\"failures\"", "class=\"fault-window\"");
    }
}
