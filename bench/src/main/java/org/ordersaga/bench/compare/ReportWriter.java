package org.ordersaga.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.SerializationFeature;

import org.ordersaga.bench.CpuPerOrder;
import org.ordersaga.bench.LatencyHistogram;

/** Writes report.json, summary.md and a self-contained report.html (inline SVG, no script, no network). */
final class ReportWriter {

    /** One row of the side-by-side tables: a label and how to print it from a run. */
    private record Figure(String label, Function<RunResult, String> value) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("offered", r -> String.valueOf(r.offered())),
            new Figure("accepted", r -> pct(r.acceptedPercent())),
            new Figure("completed (final state)", r -> pct(r.completedPercent())),
            new Figure("approved / rejected", r -> r.approved() + " / " + r.rejected()),
            new Figure("rejected although approvable", r -> String.valueOf(r.rejectedUnexpectedly())),
            new Figure("inconsistent", r -> String.valueOf(r.inconsistent())),
            new Figure("accept latency p50 / p95 / p99", r -> latency(r.acceptLatencyMs())),
            new Figure("completion latency p50 / p95 / p99", r -> latency(r.completionLatencyMs())),
            new Figure("payment calls per order", r -> Double.isNaN(r.paymentCallsPerOrder())
                    ? "n/a (payment-service restarted)" : fmt("%.2f", r.paymentCallsPerOrder())),
            new Figure("CPU per completed order, all processes", r -> cpu(r.cpuPerOrder())),
            new Figure("client-visible errors", r -> r.clientErrors() + (r.clientErrorsByKind().isEmpty() ? ""
                    : " " + r.clientErrorsByKind())),
            new Figure("order-service ready (whole run / fault window)", r -> pct(r.orderServiceHealth().readyPercent())
                    + " / " + (r.orderServiceHealth().samplesInFaultWindow() == 0 ? "n/a"
                            : pct(r.orderServiceHealth().readyPercentInFaultWindow()))),
            new Figure("after the fault: back at / completion p99 normal again", r -> recovery(r.recovery())),
            new Figure("orders affected (failed, late or wrongly rejected from the fault on)",
                    r -> r.recovery() == null ? "n/a" : String.valueOf(r.recovery().affectedOrders())));

    private static final String MIXED_NOTE = "Mixed: one load in which no order names its mode; order-service's "
            + "rollout switch sends each order down the chain or through the saga by its Idempotency-Key, and each "
            + "column holds the orders of one mode. One invariant check covers both (they share stock and credit); "
            + "CPU per completed order and readiness are the whole run's, in both columns.";

    private ReportWriter() {
    }

    /** "back at 41.2 s / 10 s later (p99 ≤ 620 ms)", or why not. */
    static String recovery(RunResult.FaultRecovery recovery) {
        if (recovery == null) {
            return "n/a";
        }
        if (recovery.backSeconds() == null) {
            return "not back during the load";
        }
        String bound = Double.isInfinite(recovery.boundMs()) ? "no orders before the fault"
                : fmt("p99 ≤ %.0f ms", recovery.boundMs());
        return fmt("%.1f s / ", recovery.backSeconds()) + (recovery.normalAfterSeconds() == null
                ? "not within the load (" + bound + ")"
                : fmt("%.0f s later (%s)", recovery.normalAfterSeconds(), bound));
    }

    static void write(ComparisonReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        StackClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), report);
        Files.writeString(dir.resolve("summary.md"), markdown(report));
        Files.writeString(dir.resolve("report.html"), html(report));
    }

    static String markdown(ComparisonReport report) {
        StringBuilder md = new StringBuilder("# Sync vs async: comparison bench\n\n");
        md.append(fmt("%s run, %d orders/s for %d s per scenario and mode after %d s of unreported warm-up per mode, "
                + "fault from %d s for %d s, drain up to %d s; %s.%n%n",
                report.shortRun() ? "Short" : "Full", report.rate(), report.scenarioSeconds(), report.warmUpSeconds(),
                report.faultStartSeconds(), report.faultSeconds(), report.drainSeconds(), report.generatedAt()));
        md.append("CPU ").append(cpuStack(report)).append(".\n\n");
        if (report.scenarios().contains(Scenario.MIXED.id())) {
            md.append(MIXED_NOTE).append("\n\n");
        }
        List<String> modes = report.modes();
        for (String scenario : report.scenarios()) {
            RunResult any = report.runs().stream().filter(r -> r.scenario().equals(scenario)).findFirst().orElseThrow();
            md.append("## ").append(any.scenarioTitle()).append(" (").append(scenario).append(")\n\n| figure |");
            modes.forEach(m -> md.append(' ').append(m).append(" |"));
            md.append("\n|---|").append("---|".repeat(modes.size())).append('\n');
            for (Figure figure : FIGURES) {
                md.append("| ").append(figure.label()).append(" |");
                modes.forEach(m -> md.append(' ').append(report.run(scenario, m).map(figure.value()).orElse("-"))
                        .append(" |"));
                md.append('\n');
            }
            Map<String, CpuPerOrder> cpu = new LinkedHashMap<>();
            modes.forEach(m -> report.run(scenario, m).ifPresent(r -> cpu.put(m, r.cpuPerOrder())));
            md.append('\n').append(CpuPerOrder.table(cpu)).append('\n');
        }
        return md.toString();
    }

    static String html(ComparisonReport report) {
        List<String> modes = report.modes();
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Sync vs async: comparison bench</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:24px;color:#212529;max-width:1400px}
                table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ced4da;padding:4px 8px;text-align:right}
                td:first-child,th:first-child{text-align:left}th{background:#f1f3f5}
                .scenario{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;border-top:1px solid #dee2e6;padding-top:8px}
                .bad{color:#c92a2a;font-weight:bold}.sync{color:#d9480f}.async{color:#1864ab}
                </style></head><body>
                <h1>Sync vs async: comparison bench</h1>
                """);
        html.append(fmt("<p>%s run: %d orders/s offered for %d s per scenario and mode, after %d s of warm-up load per mode "
                + "that is not reported (70 %% approvable, 30 %% rejected "
                + "by design: sold-out SKU, customer without credit, undeliverable address); the fault is on from %d s "
                + "for %d s (shaded); the drain waits up to %d s for every accepted order to be final. Generated %s.</p>",
                report.shortRun() ? "Short" : "Full", report.rate(), report.scenarioSeconds(), report.warmUpSeconds(),
                report.faultStartSeconds(), report.faultSeconds(), report.drainSeconds(),
                Svg.escape(report.generatedAt())));
        html.append("<p>Completion = the order reached its final state (APPROVED or REJECTED): the answer in sync mode, "
                + "the saga's decision on Kafka in async mode. Inconsistent = orders (or SKUs/customers) breaking an "
                + "invariant across the services' data after the drain. CPU per completed order = the stack's CPU time "
                + "(/proc, every process) from the start of the load to the end of the drain, divided by the orders "
                + "completed; CPU " + Svg.escape(cpuStack(report)) + ".</p>");
        if (report.scenarios().contains(Scenario.MIXED.id())) {
            html.append("<p>").append(Svg.escape(MIXED_NOTE)).append("</p>");
        }
        html.append("<h2>Overview</h2><div class=\"scenario\">");
        List<Svg.BarGroup> completed = new ArrayList<>();
        List<Svg.BarGroup> amplification = new ArrayList<>();
        List<Svg.BarGroup> failures = new ArrayList<>();
        for (String scenario : report.scenarios()) {
            completed.add(new Svg.BarGroup(scenario, values(report, scenario, modes, RunResult::completedPercent)));
            failures.add(new Svg.BarGroup(scenario, values(report, scenario, modes,
                    r -> r.offered() == 0 ? 0 : 100.0 * (r.clientErrors() + r.rejectedUnexpectedly()) / r.offered())));
            amplification.add(new Svg.BarGroup(scenario, values(report, scenario, modes, RunResult::paymentCallsPerOrder)));
        }
        List<String> colors = Svg.colorsFor(modes);
        html.append(Svg.bars("Orders completed (% of offered)", " %", modes, colors, completed, 100));
        html.append(Svg.bars("Failed orders: client errors + approvable orders rejected (% of offered)", " %", modes,
                colors, failures, 10));
        html.append(Svg.bars("Calls received by payment per order (retry amplification)", "", modes, colors,
                amplification, 2));
        html.append("</div>");
        for (String scenario : report.scenarios()) {
            html.append(scenarioSection(report, scenario, modes));
        }
        return html.append("</body></html>\n").toString();
    }

    private static String scenarioSection(ComparisonReport report, String scenario, List<String> modes) {
        RunResult any = report.runs().stream().filter(r -> r.scenario().equals(scenario)).findFirst().orElseThrow();
        StringBuilder html = new StringBuilder(fmt("<h2 id=\"%s\">%s</h2><div class=\"scenario\"><table><tr><th>%s</th>",
                scenario, Svg.escape(any.scenarioTitle()), Svg.escape(scenario)));
        modes.forEach(m -> html.append("<th class=\"").append(m).append("\">").append(m).append("</th>"));
        html.append("</tr>");
        for (Figure figure : FIGURES) {
            html.append("<tr><td>").append(Svg.escape(figure.label())).append("</td>");
            for (String mode : modes) {
                String value = report.run(scenario, mode).map(figure.value()).orElse("-");
                boolean bad = figure.label().equals("inconsistent") && !value.equals("0") && !value.equals("-");
                html.append(bad ? "<td class=\"bad\">" : "<td>").append(Svg.escape(value)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>").append(cpuTable(report, scenario, modes));
        List<Svg.Series> series = new ArrayList<>();
        double xMax = 0;
        for (String mode : modes) {
            RunResult run = report.run(scenario, mode).orElse(null);
            if (run != null) {
                series.add(latencySeries(run));
                xMax = Math.max(xMax, run.loadSeconds());
            }
        }
        html.append(Svg.latencyOverTime("Completion latency p95 over time, " + any.scenarioTitle(), xMax,
                any.faultStartSeconds(), any.faultEndSeconds(), series));
        List<String> violations = new ArrayList<>();
        for (String mode : modes) {
            report.run(scenario, mode).ifPresent(r -> r.violations().stream().limit(10)
                    .forEach(v -> violations.add(mode + ": " + (v.orderId() == null ? "" : "order " + v.orderId() + " ")
                            + v.invariant() + " — " + v.detail())));
        }
        if (!violations.isEmpty()) {
            html.append("<ul class=\"bad\">");
            violations.forEach(v -> html.append("<li>").append(Svg.escape(v)).append("</li>"));
            html.append("</ul>");
        }
        return html.append("</div>").toString();
    }

    /** The per-process CPU of a scenario, one column per mode. */
    private static String cpuTable(ComparisonReport report, String scenario, List<String> modes) {
        List<RunResult> runs = modes.stream().flatMap(m -> report.run(scenario, m).stream()).toList();
        StringBuilder html = new StringBuilder("<table class=\"cpu\"><tr><th>ms CPU per completed order</th>");
        runs.forEach(r -> html.append("<th class=\"").append(r.mode()).append("\">").append(r.mode()).append("</th>"));
        html.append("</tr>");
        for (String process : CpuPerOrder.rows(runs.stream().map(RunResult::cpuPerOrder).toList())) {
            html.append("<tr><td>").append(Svg.escape(process)).append("</td>");
            runs.forEach(r -> html.append("<td>").append(r.cpuPerOrder().cell(process)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    /** Which processes the CPU figures cover, as the first run found them. */
    private static String cpuStack(ComparisonReport report) {
        return report.runs().isEmpty() ? "not measured: no run" : report.runs().get(0).cpuPerOrder().stack();
    }

    /** p95 completion latency per time bucket of sending, and the send times of orders that never completed. */
    static Svg.Series latencySeries(RunResult run) {
        double bucket = Math.max(0.5, run.loadSeconds() / 60);
        Map<Integer, LatencyHistogram> byBucket = new TreeMap<>();
        List<Double> failures = new ArrayList<>();
        for (RunResult.Point point : run.timeline()) {
            if (point.completionMs() == null) {
                failures.add(point.sentSeconds());
            } else {
                byBucket.computeIfAbsent((int) (point.sentSeconds() / bucket), b -> new LatencyHistogram())
                        .recordNanos(Math.round(point.completionMs() * 1e6));
            }
        }
        List<double[]> points = new ArrayList<>();
        byBucket.forEach((b, latencies) -> points.add(new double[] { (b + 0.5) * bucket, latencies.percentileMs(95) }));
        return new Svg.Series(run.mode() + " (p95; ticks: never completed)",
                run.mode().equals("sync") ? Svg.SYNC_COLOR : Svg.ASYNC_COLOR, points, failures);
    }

    private static double[] values(ComparisonReport report, String scenario, List<String> modes,
            java.util.function.ToDoubleFunction<RunResult> figure) {
        return modes.stream().mapToDouble(m -> report.run(scenario, m).map(figure::applyAsDouble).orElse(Double.NaN))
                .toArray();
    }

    private static String latency(RunResult.Latency latency) {
        return latency.count() == 0 ? "n/a" : fmt("%.0f / %.0f / %.0f ms", latency.p50(), latency.p95(), latency.p99());
    }

    private static String cpu(CpuPerOrder cpu) {
        return Double.isNaN(cpu.totalMs()) ? "n/a" : cpu.cell(CpuPerOrder.TOTAL) + " ms";
    }

    private static String pct(double value) {
        return fmt("%.1f %%", value);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
