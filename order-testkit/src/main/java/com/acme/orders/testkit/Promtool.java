package com.acme.orders.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs Prometheus' {@code promtool} (from {@code PROMTOOL}, else the {@code PATH}). Without it a test is
 * skipped on a developer's machine and fails under {@code CI=true}: CI must not pass by checking nothing.
 */
public final class Promtool {

    public record Result(int exitCode, String output) {
    }

    /** Families of the JVM and process binders Micrometer ships; their names are the library's, not ours. */
    public static final List<String> LIBRARY_PREFIXES = List.of("jvm_", "process_", "system_");

    private Promtool() {
    }

    /** Runs {@code promtool arguments…} in {@code workingDirectory}. */
    public static Result run(Path workingDirectory, String... arguments) {
        return runWithInput(workingDirectory, null, arguments);
    }

    /** Runs {@code promtool arguments…} with {@code input} on its standard input (null for none). */
    public static Result runWithInput(Path workingDirectory, String input, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish in 60 s: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path executable() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = "promtool not found (install Debian's 'prometheus' package or set PROMTOOL)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(missing + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }

    /** The exposition without the families of the library's default binders. */
    public static String ownFamilies(String exposition) {
        return exposition.lines().filter(line -> LIBRARY_PREFIXES.stream().noneMatch(prefix ->
                        metricName(line).startsWith(prefix)))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** What {@code promtool check metrics} says about {@code exposition}: empty when it passes. */
    public static String complaints(String exposition) {
        Result result = runWithInput(Path.of("."), exposition, "check", "metrics");
        return result.exitCode() == 0 ? result.output().strip() : ("exit " + result.exitCode() + ": " + result.output()).strip();
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
