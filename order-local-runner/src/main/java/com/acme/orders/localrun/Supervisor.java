package com.acme.orders.localrun;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Starts processes in stages, waits until each stage is ready, and stops them all in reverse order. */
public final class Supervisor implements AutoCloseable {

    private static final String[] COLORS = {"\u001B[36m", "\u001B[32m", "\u001B[35m", "\u001B[33m", "\u001B[34m"};

    private final PrintStream console;
    private final boolean colors;
    private final List<SupervisedProcess> started = new ArrayList<>();

    public Supervisor(PrintStream console, boolean colors) {
        this.console = console;
        this.colors = colors;
    }

    /** Starts the processes of one stage together and waits until all of them are ready. */
    public List<SupervisedProcess> startStage(List<ProcessSpec> specs, Duration timeout) {
        List<SupervisedProcess> stage = new ArrayList<>();
        for (ProcessSpec spec : specs) {
            SupervisedProcess process = new SupervisedProcess(spec, console,
                    colors ? COLORS[started.size() % COLORS.length] : "");
            synchronized (started) {
                started.add(process);
            }
            process.start();
            stage.add(process);
        }
        CompletableFuture.allOf(stage.stream()
                .map(process -> CompletableFuture.runAsync(() -> process.awaitReady(timeout)))
                .toArray(CompletableFuture[]::new)).join();
        return stage;
    }

    public SupervisedProcess process(String name) {
        synchronized (started) {
            return started.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no process " + name));
        }
    }

    /** Stops every process, the last started first, each with a grace period for a clean shutdown. */
    @Override
    public void close() {
        List<SupervisedProcess> reversed;
        synchronized (started) {
            reversed = new ArrayList<>(started);
        }
        Collections.reverse(reversed);
        // First, so that none is restarted while the others stop: on Ctrl-C every child gets the SIGINT too, and
        // one that exits before its turn here would otherwise be brought back.
        reversed.forEach(SupervisedProcess::stopRestarting);
        for (SupervisedProcess process : reversed) {
            process.stop(Duration.ofSeconds(20));
        }
    }
}
