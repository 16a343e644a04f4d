package com.acme.orders.platform.worker;

import com.acme.orders.platform.http.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One background thread that runs one {@link Task} again and again until closed: the skeleton of the outbox
 * relay, the projector loop and the read-model listener (after the consumer loops of Kafka's own examples).
 *
 * <ul>
 *   <li>{@link #close()} sets the {@code closed} flag, calls the wake-up the task registered (a consumer's
 *       {@code wakeup()}), cuts any pause short and waits for the thread.</li>
 *   <li>A task that returns is run again at once (unless closed); a task that throws is judged by
 *       {@link Failures}: retriable failures are logged as one line and retried after a {@link Backoff};
 *       fatal ones are logged as one line, stop the worker and call {@code exit} with
 *       {@link #FATAL_EXIT_STATUS}, so the supervisor or orchestrator restarts the process or alerts.</li>
 *   <li>{@link #status()} says what the worker is doing, for {@code /ready}.</li>
 * </ul>
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** The exit status of a process whose worker met a failure that cannot heal (EX_SOFTWARE of sysexits.h). */
    public static final int FATAL_EXIT_STATUS = 70;

    /** Exits the JVM; what a deployable's {@code main} hands in. Tests hand in something that only records. */
    public static final IntConsumer EXIT_PROCESS = System::exit;

    /** One attempt at the work: returns when closed (or to be run again at once), throws when it failed. */
    @FunctionalInterface
    public interface Task {
        void run(Session session) throws Exception;
    }

    /** What a worker is doing. */
    public enum State {
        STARTING, RUNNING, RETRYING, STOPPED,
        /** Met a failure that cannot heal; the worker has ended. */
        FAILED
    }

    /** The worker's state with a short human-readable detail, and since when it holds. */
    public record Status(State state, String detail, Instant since) {

        public boolean running() {
            return state == State.RUNNING;
        }
    }

    /** What a task sees of its worker. */
    public final class Session {

        private Session() {
        }

        public boolean closed() {
            return closed;
        }

        /**
         * Reports progress: the worker is running, doing {@code detail}. The next failure is again the first of a
         * streak: it waits the shortest backoff.
         */
        public void running(String detail) {
            setStatus(State.RUNNING, detail);
            backoff.reset();
            failing = false;
        }

        /** What {@link #close()} calls to interrupt a blocking call of this attempt, e.g. {@code consumer::wakeup}. */
        public void onWakeup(Runnable wakeup) {
            Worker.this.wakeup = wakeup;
            if (closed) {
                wakeup.run();
            }
        }

        /** Waits, cut short only by {@link #close()}. */
        public void pause(Duration duration) {
            Worker.this.pause(duration);
        }
    }

    private final String name;
    private final Task task;
    private final Backoff backoff;
    private final IntConsumer exit;
    private final Thread thread;
    private final Session session = new Session();
    private final CountDownLatch stopping = new CountDownLatch(1);

    private volatile boolean closed;
    private volatile Runnable wakeup;
    private volatile Status status = new Status(State.STARTING, "starting", Instant.now());
    /** Whether the last attempt failed (worker thread only): a defect's stack trace is logged once per streak. */
    private boolean failing;

    /**
     * @param name    names the thread and every log line
     * @param backoff the waits between failed attempts
     * @param exit    called with {@link #FATAL_EXIT_STATUS} after a fatal failure (from a thread of its own, so
     *                that shutdown hooks may close this worker)
     */
    public Worker(String name, Task task, Backoff backoff, IntConsumer exit) {
        this.name = name;
        this.task = task;
        this.backoff = backoff;
        this.exit = exit;
        this.thread = new Thread(this::run, name);
        // The apps' HTTP servers keep the JVM alive; a worker must not keep a closed app's JVM from exiting.
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public Status status() {
        return status;
    }

    public String name() {
        return name;
    }

    /** {@code /ready}'s view of this worker: up while it runs. */
    public ReadinessCheck readiness(String checkName, boolean required) {
        return new ReadinessCheck(checkName, required, () -> {
            Status current = status;
            return current.running() ? ReadinessCheck.Result.up(current.detail())
                    : ReadinessCheck.Result.down(current.state().name().toLowerCase() + ": " + current.detail());
        });
    }

    /** Stops: wakes the task, cuts a pause short, waits up to {@code patience} for the thread, then interrupts it. */
    public void close(Duration patience) {
        closed = true;
        stopping.countDown();
        Runnable current = wakeup;
        if (current != null) {
            current.run();
        }
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        try {
            thread.join(patience.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void run() {
        while (!closed) {
            try {
                task.run(session);
                backoff.reset();
                failing = false;
            } catch (Exception e) {
                if (closed) {
                    break; // a wake-up or an interrupt that close() caused
                }
                Failures.Kind kind = Failures.classify(e);
                if (kind == Failures.Kind.FATAL) {
                    fail(e);
                    return;
                }
                Duration wait = backoff.next();
                setStatus(State.RETRYING, Failures.describe(e));
                if (kind == Failures.Kind.UNEXPECTED && !failing) {
                    // A defect: its stack trace once, then one line per attempt.
                    log.error("{} failed unexpectedly, retrying in {} ms", name, wait.toMillis(), e);
                } else {
                    log.warn("{} failed, retrying in {} ms: {}", name, wait.toMillis(), Failures.describe(e));
                }
                failing = true;
                pause(wait);
            } finally {
                wakeup = null;
            }
        }
        setStatus(State.STOPPED, "stopped");
    }

    private void fail(Exception e) {
        closed = true;
        String reason = Failures.fatalCause(e).map(Throwable::toString).orElse(e.toString());
        setStatus(State.FAILED, reason);
        log.error("{} cannot continue, exiting with status {} (retrying cannot fix this; an operator must): {}",
                name, FATAL_EXIT_STATUS, Failures.describe(e));
        Thread exiting = new Thread(() -> exit.accept(FATAL_EXIT_STATUS), name + "-exit");
        exiting.setDaemon(false);
        exiting.start();
    }

    private void setStatus(State state, String detail) {
        Status current = status;
        if (current.state() != state || !current.detail().equals(detail)) {
            status = new Status(state, detail, current.state() == state ? current.since() : Instant.now());
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
