package org.ordersaga.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time the stack spent per completed order over one measured window, in milliseconds, by process (the names of
 * {@link StackCpu}) and in total; {@code stack} says which processes were measured (or why none were).
 */
public record CpuPerOrder(String stack, int completedOrders, double windowSeconds, Map<String, Double> msByProcess,
        double totalMs) {

    public static final String TOTAL = "total";

    static CpuPerOrder notMeasured(String why) {
        return new CpuPerOrder(why, 0, 0, Map.of(), Double.NaN);
    }

    /** "12.3 ms (order-service 4.1, platform 3.0, ...)", or "n/a" when not measured. */
    public String oneLine() {
        return Double.isNaN(totalMs) ? "n/a" : ms(totalMs) + " ms (" + msByProcess.entrySet().stream()
                .map(e -> e.getKey() + " " + ms(e.getValue())).collect(Collectors.joining(", ")) + ")";
    }

    /** The milliseconds per order of one process ("-" when it had none), or of all for {@link #TOTAL}. */
    public String cell(String process) {
        if (process.equals(TOTAL)) {
            return ms(totalMs);
        }
        Double value = msByProcess.get(process);
        return value == null ? "-" : ms(value);
    }

    /** Every process of the given measurements, in name order, then the total: the rows of a side-by-side table. */
    public static List<String> rows(Collection<CpuPerOrder> measurements) {
        List<String> rows = new ArrayList<>(measurements.stream().flatMap(m -> m.msByProcess().keySet().stream())
                .distinct().sorted().toList());
        rows.add(TOTAL);
        return rows;
    }

    /** A Markdown table of ms CPU per completed order: a row per process and the total, a column per measurement. */
    public static String table(Map<String, CpuPerOrder> byColumn) {
        StringBuilder table = new StringBuilder("| ms CPU per completed order |");
        byColumn.keySet().forEach(column -> table.append(' ').append(column).append(" |"));
        table.append("\n|---|").append("---|".repeat(byColumn.size())).append('\n');
        for (String row : rows(byColumn.values())) {
            table.append("| ").append(row).append(" |");
            byColumn.values().forEach(m -> table.append(' ').append(m.cell(row)).append(" |"));
            table.append('\n');
        }
        return table.toString();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
}
