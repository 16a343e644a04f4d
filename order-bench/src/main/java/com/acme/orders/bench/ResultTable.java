package com.acme.orders.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's one table: each row a figure, the machine's limit measured in the same run, and a verdict. */
final class ResultTable {

    /**
     * One measured row.
     *
     * @param name   what was measured
     * @param figure the measurement, in words and numbers
     * @param limit  the same operation without the service (pgbench), when there is one
     * @param ratio  figure relative to the limit, or NaN
     * @param target what it must reach
     * @param pass   whether it did
     */
    record Row(String name, String figure, String limit, double ratio, String target, boolean pass) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** A row whose figure must be at most {@code max}. */
    void atMost(String name, double value, String unit, double max) {
        rows.add(new Row(name, format(value) + " " + unit, "", Double.NaN, "≤ " + format(max) + " " + unit,
                value <= max));
    }

    /** A row whose figure must be at least {@code min}. */
    void atLeast(String name, double value, String unit, double min) {
        rows.add(new Row(name, format(value) + " " + unit, "", Double.NaN, "≥ " + format(min) + " " + unit,
                value >= min));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String render() {
        String[] headers = {"measure", "figure", "limit (same run)", "ratio", "target", "result"};
        List<String[]> cells = new ArrayList<>();
        cells.add(headers);
        for (Row row : rows) {
            cells.add(new String[]{row.name(), row.figure(), row.limit(),
                    Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.2f×", row.ratio()), row.target(),
                    row.pass() ? "PASS" : "FAIL"});
        }
        int[] widths = new int[headers.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            String[] line = cells.get(n);
            out.append('|');
            for (int i = 0; i < line.length; i++) {
                out.append(' ').append(String.format("%-" + widths[i] + "s", line[i])).append(" |");
            }
            out.append('\n');
            if (n == 0) {
                out.append('|');
                for (int width : widths) {
                    out.append('-').append("-".repeat(width)).append("-|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
