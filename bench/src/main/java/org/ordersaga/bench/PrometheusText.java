package org.ordersaga.bench;

/** Reads the Prometheus text format a Quarkus service serves on {@code /q/metrics}. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every series of {@code metric} (whatever its labels); 0 when it has none yet. */
    static double sum(String text, String metric) {
        return text.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(PrometheusText::valueOf)
                .sum();
    }

    /** The value follows the series; an exemplar ({@code # {trace_id=...} 1.0 <time>}) may follow the value. */
    static double valueOf(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int seriesEnd = brace >= 0 && brace < space ? line.indexOf('}', brace) + 1 : space;
        return Double.parseDouble(line.substring(seriesEnd).trim().split("\\s+")[0]);
    }
}
