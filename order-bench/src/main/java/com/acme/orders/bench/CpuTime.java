package com.acme.orders.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * CPU seconds (user + system, from {@code /proc/<pid>/stat}) of the named processes, and of the PostgreSQL
 * backends serving two databases: on a shared server only those backends are this system's share of it.
 */
final class CpuTime {

    /** The kernel's clock ticks per second; 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Supplier<Long>> processes = new LinkedHashMap<>();
    private final Database database;
    private final String databaseNames;

    /** @param databases whose backends are counted; the first is asked for them ({@code pg_stat_activity}) */
    CpuTime(Database... databases) {
        this.database = databases[0];
        this.databaseNames = Arrays.stream(databases).map(each -> "'" + each.name() + "'")
                .collect(Collectors.joining(", "));
    }

    void watch(String name, Supplier<Long> pid) {
        processes.put(name, pid);
    }

    /** CPU seconds so far of each process, and of the PostgreSQL backends as {@code "postgresql backends"}. */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = perProcess(CpuTime::secondsOf);
        double backends = 0;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname IN ("
                     + databaseNames + ")")) {
            while (rows.next()) {
                backends += secondsOf(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the PostgreSQL backends: " + e.getMessage(), e);
        }
        seconds.put("postgresql backends", backends);
        return seconds;
    }

    /**
     * What each used between two snapshots. A backend that ended in between is missing from the later one, and one
     * that started counts from zero, so the PostgreSQL figure is a lower bound when connections churn (pools don't).
     */
    static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((name, value) -> delta.put(name, Math.max(0, value - before.getOrDefault(name, 0.0))));
        return delta;
    }

    /** The seconds of all the processes together. */
    static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * {@code used} per unit, one process after the other: "name 1.23 ms" followed by what {@code note} adds for
     * that process and its seconds (e.g. " (JIT 0.40)"), separated by "; ".
     */
    static String perUnit(Map<String, Double> used, long units, BiFunction<String, Double, String> note) {
        StringBuilder each = new StringBuilder();
        used.forEach((name, seconds) -> each.append(each.isEmpty() ? "" : "; ")
                .append(String.format("%s %.2f ms", name, seconds * 1000 / Math.max(1, units)))
                .append(note.apply(name, seconds)));
        return each.toString();
    }

    /**
     * CPU seconds so far of the JIT's compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) in
     * each process, under the same names: work a process does after its start, not per request.
     */
    Map<String, Double> compilerSnapshot() {
        return perProcess(CpuTime::compilerSecondsOf);
    }

    /** {@code seconds} of each watched process, 0 for one not running. */
    private Map<String, Double> perProcess(ToDoubleFunction<Long> seconds) {
        Map<String, Double> each = new LinkedHashMap<>();
        processes.forEach((name, pid) -> {
            Long id = pid.get();
            each.put(name, id == null ? 0 : seconds.applyAsDouble(id));
        });
        return each;
    }

    private static double compilerSecondsOf(long pid) {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String thread = Files.readString(task.resolve("comm")).strip();
                    if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
                        seconds += ticksOf(Files.readString(task.resolve("stat"))) / TICKS_PER_SECOND;
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile: what was read so far
        }
        return seconds;
    }

    private static double secondsOf(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of a {@code stat} line, in clock ticks. */
    private static long ticksOf(String stat) {
        // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
