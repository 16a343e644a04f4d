package com.acme.orders.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prometheus's own linter for metric names ({@code promtool check metrics}), run on an app's {@code /metrics}
 * text. Debian's {@code prometheus} package ships it; CI installs it.
 */
public final class Promtool {

    /** Families of the JVM and process binders Micrometer ships; their names are the library's, not ours. */
    public static final List<String> LIBRARY_PREFIXES = List.of("jvm_", "process_", "system_");

    private Promtool() {
    }

    public static boolean isInstalled() {
        try {
            Process process = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exposition without the families of the library's default binders. */
    public static String ownFamilies(String exposition) {
        return exposition.lines().filter(line -> LIBRARY_PREFIXES.stream().noneMatch(prefix ->
                        metricName(line).startsWith(prefix)))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** What {@code promtool check metrics} says about {@code exposition}: empty when it passes. */
    public static String complaints(String exposition) {
        try {
            Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish in 30 s");
            }
            return process.exitValue() == 0 ? output.strip() : ("exit " + process.exitValue() + ": " + output).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String metricName(String line) {
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
            String[] parts = line.split(" ", 4);
            return parts.length > 2 ? parts[2] : "";
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }
}
