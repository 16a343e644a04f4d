package com.acme.orders.command.store;

import com.acme.orders.platform.db.DatabaseBusy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Group commit: a caller hands its item to a writer thread and waits; each writer takes everything waiting (up
 * to {@value #MAX_GROUP}) and hands it to {@code write} as one group, which answers each item on its own. At
 * low load a group is a single item, so nothing waits for company; under load groups grow by themselves while
 * the previous group is written. A full queue or a writer that does not answer in time is a
 * {@link DatabaseBusy} (503).
 *
 * @param <T> what is written
 * @param <R> what each item's writing returns
 */
final class GroupCommit<T, R> implements AutoCloseable {

    static final int MAX_GROUP = 200;

    /** What writing one item of a group came to: its value, or the failure that only it suffered. */
    record Outcome<R>(R value, RuntimeException failure) {

        static <R> Outcome<R> done(R value) {
            return new Outcome<>(value, null);
        }

        static <R> Outcome<R> failed(RuntimeException failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Waiting<T, R>(T item, CompletableFuture<R> done) {
    }

    private final BlockingQueue<Waiting<T, R>> queue = new ArrayBlockingQueue<>(10_000);
    private final Function<List<T>, List<Outcome<R>>> write;
    private final Duration timeout;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param writers how many groups may be in flight at once
     * @param write   writes one group; answers one outcome per item, in order
     * @param timeout how long a caller waits for its group at most
     */
    GroupCommit(int writers, Function<List<T>, List<Outcome<R>>> write, Duration timeout) {
        this.write = write;
        this.timeout = timeout;
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::run, "group-commit-" + i);
            writer.setDaemon(true);
            this.writers.add(writer);
            writer.start();
        }
    }

    /**
     * Writes {@code item} with whatever else is waiting, and returns once its group is committed.
     *
     * @throws RuntimeException what writing this item failed with
     */
    R write(T item) {
        Waiting<T, R> waiting = new Waiting<>(item, new CompletableFuture<>());
        try {
            if (closed) {
                throw new DatabaseBusy("the app is stopping");
            }
            if (!queue.offer(waiting, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DatabaseBusy("too many commands waiting for the database");
            }
            return waiting.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DatabaseBusy("a command was not committed within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseBusy("interrupted while waiting for the database", e);
        }
    }

    /**
     * Writes {@code items} with whatever else is waiting (they may land in one group or several, written at the
     * same time), and returns once every one of them is committed or failed.
     *
     * @return one outcome per item, in order
     */
    List<Outcome<R>> writeAll(List<T> items) {
        List<Waiting<T, R>> waiting = new ArrayList<>(items.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (T item : items) {
                if (closed) {
                    throw new DatabaseBusy("the app is stopping");
                }
                Waiting<T, R> one = new Waiting<>(item, new CompletableFuture<>());
                if (!queue.offer(one, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DatabaseBusy("too many commands waiting for the database");
                }
                waiting.add(one);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseBusy("interrupted while waiting for the database", e);
        }
        List<Outcome<R>> outcomes = new ArrayList<>(items.size());
        for (Waiting<T, R> one : waiting) {
            try {
                outcomes.add(Outcome.done(one.done().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS)));
            } catch (ExecutionException e) {
                outcomes.add(Outcome.failed(e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause())));
            } catch (TimeoutException e) {
                outcomes.add(Outcome.failed(new DatabaseBusy("a command was not committed within "
                        + timeout.toMillis() + " ms", e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseBusy("interrupted while waiting for the database", e);
            }
        }
        return outcomes;
    }

    private void run() {
        List<Waiting<T, R>> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !queue.isEmpty()) {
            try {
                Waiting<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                try {
                    List<Outcome<R>> outcomes = write.apply(group.stream().map(Waiting::item).toList());
                    for (int i = 0; i < group.size(); i++) {
                        Outcome<R> outcome = outcomes.get(i);
                        if (outcome.failure() == null) {
                            group.get(i).done().complete(outcome.value());
                        } else {
                            group.get(i).done().completeExceptionally(outcome.failure());
                        }
                    }
                } catch (RuntimeException e) {
                    group.forEach(waiting -> waiting.done().completeExceptionally(e));
                }
                group.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes what is already waiting, then stops the writers. */
    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
