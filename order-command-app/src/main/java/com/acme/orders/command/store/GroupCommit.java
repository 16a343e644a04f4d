package com.acme.orders.command.store;

import com.acme.orders.platform.db.DatabaseBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Group commit for new orders: a request hands its order to a writer thread and waits; each writer takes
 * everything waiting (up to {@value #MAX_GROUP}) and stores it with one statement, one round trip and one
 * commit. At low load a group is a single order, so nothing waits for company; under load groups grow by
 * themselves while the previous statement runs. A failure fails every order of its group, each request
 * seeing the same cause (an unreachable database still answers 503, and so does a queue that is full).
 *
 * @param <T> what is written (a newly placed order and its event)
 */
public final class GroupCommit<T> implements AutoCloseable {

    static final int MAX_GROUP = 200;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Waiting<T>(T item, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Waiting<T>> queue = new ArrayBlockingQueue<>(10_000);
    private final Consumer<List<T>> write;
    private final Runnable afterEachGroup;
    private final Duration timeout;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param writers        how many groups may be in flight at once
     * @param write          stores one group atomically
     * @param afterEachGroup runs after a group was stored (wakes the outbox relay)
     * @param timeout        how long a request waits for its group at most
     */
    public GroupCommit(int writers, Consumer<List<T>> write, Runnable afterEachGroup, Duration timeout) {
        this.write = write;
        this.afterEachGroup = afterEachGroup;
        this.timeout = timeout;
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::run, "group-commit-" + i);
            writer.setDaemon(true);
            this.writers.add(writer);
            writer.start();
        }
    }

    /**
     * Stores {@code item} with whatever else is waiting, and returns once it is committed.
     *
     * @throws RuntimeException the failure of its group, as thrown by the write
     */
    public void write(T item) {
        Waiting<T> waiting = new Waiting<>(item, new CompletableFuture<>());
        try {
            if (closed) {
                throw new DatabaseBusy("the app is stopping");
            }
            if (!queue.offer(waiting, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DatabaseBusy("too many orders waiting to be stored");
            }
            waiting.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DatabaseBusy("an order was not stored within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseBusy("interrupted while storing an order", e);
        }
    }

    private void run() {
        List<Waiting<T>> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !queue.isEmpty()) {
            try {
                Waiting<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                try {
                    write.accept(group.stream().map(Waiting::item).toList());
                    group.forEach(waiting -> waiting.done().complete(null));
                    afterEachGroup.run();
                } catch (RuntimeException e) {
                    log.debug("storing a group of {} failed: {}", group.size(), e.getMessage());
                    group.forEach(waiting -> waiting.done().completeExceptionally(e));
                }
                group.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stores what is already waiting, then stops the writers. */
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
