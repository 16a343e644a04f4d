package com.acme.orders.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (a C load generator: two threads, an event loop each) run as a process with a Lua script that builds the
 * requests, and its printed summary read back. Unlike {@link HttpLoad} it leaves nearly all of the two cores to the
 * system under test.
 */
final class Wrk {

    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s*([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    /** Whether an executable {@code wrk} is in one of the directories of {@code path} (a PATH value). */
    static boolean onPath(String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code wrk -t2 -c<connections> -d<seconds>s --latency -s <script>} against {@code host:port}. The timeout is
     * HttpLoad's socket timeout, so a slow answer counts in the latencies as it does there, not as an error.
     */
    static ReadLoad.Result run(String host, int port, int connections, Duration duration, String lua, Path workDir) {
        try {
            Path script = Files.createTempFile(workDir, "wrk-", ".lua");
            Files.writeString(script, lua);
            long seconds = Math.max(1, duration.toSeconds());
            List<String> command = List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                    "-d" + seconds + "s", "--timeout", "30s", "--latency", "-s", script.toString(),
                    "http://" + host + ":" + port);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // wrk reports an error in the script ("<file>: <error>") and goes on with requests for "/".
            if (!process.waitFor(seconds + 60, TimeUnit.SECONDS) || process.exitValue() != 0
                    || output.contains(script + ":")) {
                throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads wrk's summary: total requests, requests/s, the 50 and 99 % lines of {@code --latency}, and as errors
     * the responses that were not 2xx or 3xx plus every socket error (connect, read, write, timeout).
     */
    static ReadLoad.Result parse(String output) {
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new ReadLoad.Result(ReadLoad.Generator.WRK, Long.parseLong(find(REQUESTS, output)), errors,
                Double.parseDouble(find(RATE, output)), percentileMillis(output, 50), percentileMillis(output, 99));
    }

    /** One line of the latency distribution, e.g. {@code "     99%   52.82ms"}; wrk prints us, ms, s, m or h. */
    private static double percentileMillis(String output, int percentile) {
        Matcher line = Pattern.compile("^\\s*" + percentile + "%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("no " + percentile + "% latency in wrk output (--latency missing?):\n"
                    + output);
        }
        double value = Double.parseDouble(line.group(1));
        return switch (line.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
        };
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no '" + pattern.pattern() + "' in wrk output:\n" + output);
        }
        return matcher.group(1);
    }
}
