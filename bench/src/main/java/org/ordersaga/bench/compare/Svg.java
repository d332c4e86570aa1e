package org.ordersaga.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Inline SVG charts for the report, drawn here so the report needs no script and no network. */
final class Svg {
    static final String SYNC_COLOR = "#d9480f";
    static final String ASYNC_COLOR = "#1864ab";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 260;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    /** A named line of (x, y) points; a null y breaks the line. */
    record Series(String name, String color, List<double[]> points, List<Double> failuresAtX) {
    }

    /** A group of bars: one label, one value per series. */
    record BarGroup(String label, double[] values) {
    }

    private Svg() {
    }

    /**
     * Latency over time with a logarithmic y axis (1 ms to the largest value) and the fault window shaded; failures
     * (orders that never completed) are ticks along the top edge.
     */
    static String latencyOverTime(String title, double xMax, double faultFrom, double faultTo, List<Series> series) {
        double yMax = Math.max(10, series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max()
                .orElse(10));
        double logMax = Math.ceil(Math.log10(yMax));
        StringBuilder svg = open(title);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator x = v -> LEFT + plotWidth * v / Math.max(xMax, 1e-9);
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight * (1 - Math.log10(Math.max(v, 1)) / logMax);
        if (faultTo > faultFrom) {
            svg.append(fmt("<rect class=\"fault-window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#ffe3e3\"><title>fault window</title></rect>", x.applyAsDouble(faultFrom), TOP,
                    x.applyAsDouble(faultTo) - x.applyAsDouble(faultFrom), plotHeight));
        }
        for (int decade = 0; decade <= logMax; decade++) {
            double at = y.applyAsDouble(Math.pow(10, decade));
            svg.append(fmt("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dee2e6\"/>", LEFT, WIDTH - RIGHT,
                    at, at));
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT - 6,
                    at + 4, label(Math.pow(10, decade)) + " ms"));
        }
        for (int tick = 0; tick <= 5; tick++) {
            double seconds = xMax * tick / 5;
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s s</text>",
                    x.applyAsDouble(seconds), HEIGHT - BOTTOM + 16, label(Math.round(seconds * 10) / 10.0)));
        }
        axes(svg, "order sent at (seconds into the run)");
        int legendX = LEFT + 10;
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (double[] p : s.points()) {
                d.append(fmt("%s%.1f %.1f ", pen ? "L" : "M", x.applyAsDouble(p[0]), y.applyAsDouble(p[1])));
                pen = true;
            }
            if (!d.isEmpty()) {
                svg.append(fmt("<path class=\"series\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                        d.toString().trim(), s.color()));
            }
            StringBuilder ticks = new StringBuilder();
            for (double at : s.failuresAtX()) {
                ticks.append(fmt("M%.1f %d V%d ", x.applyAsDouble(at), TOP, TOP + 8));
            }
            if (!ticks.isEmpty()) {
                svg.append(fmt("<path class=\"failures\" d=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>",
                        ticks.toString().trim(), s.color()));
            }
            svg.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", legendX, TOP + 14, s.color(), legendX + 16,
                    TOP + 19, escape(s.name())));
            legendX += 150;
        }
        return svg.append("</svg>").toString();
    }

    /** Grouped vertical bars from 0 to {@code yMax} (or the largest value), one color per series. */
    static String bars(String title, String yUnit, List<String> seriesNames, List<String> colors, List<BarGroup> groups,
            double yMax) {
        double top = Math.max(yMax, groups.stream().flatMapToDouble(g -> java.util.Arrays.stream(g.values())).max()
                .orElse(1));
        StringBuilder svg = open(title);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            double at = TOP + plotHeight * (1 - value / top);
            svg.append(fmt("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dee2e6\"/>", LEFT, WIDTH - RIGHT,
                    at, at));
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s%s</text>", LEFT - 6,
                    at + 4, label(value), escape(yUnit)));
        }
        double groupWidth = plotWidth / Math.max(1, groups.size());
        double barWidth = groupWidth * 0.7 / Math.max(1, seriesNames.size());
        for (int g = 0; g < groups.size(); g++) {
            BarGroup group = groups.get(g);
            double groupLeft = LEFT + g * groupWidth + groupWidth * 0.15;
            for (int s = 0; s < group.values().length; s++) {
                double value = group.values()[s];
                double barHeight = Double.isNaN(value) ? 0 : plotHeight * value / top;
                double barLeft = groupLeft + s * barWidth;
                double barTop = TOP + plotHeight - barHeight;
                svg.append(fmt("<path class=\"bar\" d=\"M%.1f %.1f H%.1f V%.1f H%.1f Z\" fill=\"%s\">"
                        + "<title>%s %s: %s</title></path>", barLeft, TOP + plotHeight, barLeft + barWidth - 1, barTop,
                        barLeft, colors.get(s), escape(group.label()), escape(seriesNames.get(s)),
                        label(value)));
            }
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    groupLeft + groupWidth * 0.35, HEIGHT - BOTTOM + 14, escape(group.label())));
        }
        axes(svg, "");
        int legendX = LEFT + 10;
        for (int s = 0; s < seriesNames.size(); s++) {
            svg.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", legendX, HEIGHT - 16, colors.get(s),
                    legendX + 14, HEIGHT - 7, escape(seriesNames.get(s))));
            legendX += 130;
        }
        return svg.append("</svg>").toString();
    }

    static List<String> colorsFor(List<String> modes) {
        List<String> colors = new ArrayList<>();
        modes.forEach(m -> colors.add(m.equals("sync") ? SYNC_COLOR : ASYNC_COLOR));
        return colors;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static StringBuilder open(String title) {
        // Inline in HTML: no namespace declaration needed.
        return new StringBuilder(fmt("<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                + "<title>%s</title><text x=\"%d\" y=\"14\" font-size=\"12\" font-weight=\"bold\">%s</text>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title), LEFT, escape(title)));
    }

    private static void axes(StringBuilder svg, String xTitle) {
        svg.append(fmt("<path class=\"axes\" d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#495057\"/>", LEFT, TOP,
                HEIGHT - BOTTOM, WIDTH - RIGHT));
        if (!xTitle.isEmpty()) {
            svg.append(fmt("<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6, escape(xTitle)));
        }
    }

    private static String label(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 1000 ? fmt("%.0fk", value / 1000) : value == Math.rint(value) ? fmt("%.0f", value)
                : fmt("%.2f", value);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
