package org.ordersaga.bench;

/** Reads the Prometheus text format a Quarkus service serves on {@code /q/metrics}. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every series of {@code metric} (whatever its labels); 0 when it has none yet. */
    static double sum(String text, String metric) {
        return text.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
