package com.acme.orders.localrun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process that is restarted when it dies unexpectedly, whose output goes, line by line, to its
 * log file and to the console behind its name.
 */
public final class SupervisedProcess {

    private static final Duration STABLE = Duration.ofMinutes(1);

    private final ProcessSpec spec;
    private final PrintStream console;
    private final String prefix;
    private volatile Process process;
    private volatile Thread output;
    private volatile boolean stopping;
    private Duration restartDelay = Duration.ofSeconds(1);

    public SupervisedProcess(ProcessSpec spec, PrintStream console, String color) {
        this.spec = spec;
        this.console = console;
        this.prefix = color + String.format("%-10s|", spec.name()) + (color.isEmpty() ? "" : "\u001B[0m") + " ";
    }

    public String name() {
        return spec.name();
    }

    public ProcessSpec spec() {
        return spec;
    }

    /** The running process, if any. */
    public Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    /** Starts the process; also after {@link #stop}, which a test of an outage uses to bring it back. */
    public synchronized void start() {
        stopping = false;
        try {
            Files.createDirectories(spec.logFile().getParent());
            ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true);
            builder.environment().putAll(spec.env());
            Process started = builder.start();
            process = started;
            Instant startedAt = Instant.now();
            Thread copying = new Thread(() -> copyOutput(started), spec.name() + "-output");
            copying.setDaemon(true);
            copying.start();
            output = copying;
            started.onExit().thenAccept(exited -> onExit(exited, startedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + spec.command(), e);
        }
    }

    /** Waits until the process is ready, or fails after {@code timeout}. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!spec.readiness().isReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.name() + " did not become ready within " + timeout.toSeconds()
                        + " s; see " + spec.logFile());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** From now on, an exit is not followed by a restart (until {@link #start} is called again). */
    public void stopRestarting() {
        stopping = true;
    }

    /** Asks the process to stop (SIGTERM) and waits; kills it if it does not stop in time. */
    public void stop(Duration grace) {
        stopping = true;
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        // ProcessHandle, not Process.destroy(): the latter also closes our end of the child's output, and its
        // shutdown log would be lost.
        current.toHandle().destroy();
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                say(spec.name() + " did not stop within " + grace.toSeconds() + " s; killing it");
                current.toHandle().destroyForcibly();
                current.waitFor(5, TimeUnit.SECONDS);
            }
            // Let its last lines (the shutdown log) reach the console and the log file.
            Thread copying = output;
            if (copying != null) {
                copying.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
    }

    private synchronized void onExit(Process exited, Instant startedAt) {
        if (stopping || exited != process) {
            return;
        }
        if (Duration.between(startedAt, Instant.now()).compareTo(STABLE) > 0) {
            restartDelay = Duration.ofSeconds(1);
        }
        say(spec.name() + " exited with code " + exited.exitValue() + "; restarting in " + restartDelay.toSeconds()
                + " s (the others keep running)");
        Duration delay = restartDelay;
        restartDelay = restartDelay.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : restartDelay.multipliedBy(2);
        Thread restart = new Thread(() -> {
            sleep(delay);
            if (!stopping) {
                start();
            }
        }, spec.name() + "-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private void copyOutput(Process child) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(spec.logFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                console.println(prefix + line);
            }
        } catch (IOException e) {
            // the process went away; onExit reports it
        }
    }

    private void say(String message) {
        console.println(String.format("%-10s| ", "runner") + message);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
