package com.acme.orders.platform.worker;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunningABackgroundWorkerTest {

    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    @Test
    void a_refused_authorization_stops_the_worker_at_once_and_exits_non_zero() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Worker worker = new Worker("test-worker", session -> {
            attempts.incrementAndGet();
            // What KafkaTopics.ensure throws when the broker refuses to create a topic.
            throw new KafkaException("cannot create topic order-events",
                    new TopicAuthorizationException(Set.of("order-events")));
        }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)), exited::complete);

        worker.start();
        int status = exited.get(10, TimeUnit.SECONDS);

        assertThat(status).isEqualTo(Worker.FATAL_EXIT_STATUS).isNotZero();
        assertThat(worker.status().state()).isEqualTo(Worker.State.FAILED);
        assertThat(worker.status().detail()).contains("TopicAuthorizationException");
        assertThat(worker.readiness("kafka", true).probe().get().up()).isFalse();
        Thread.sleep(200);
        assertThat(attempts).as("no retry after a fatal failure").hasValue(1);
        worker.close();
    }

    @Test
    void wrong_database_credentials_are_fatal_too() throws Exception {
        Worker worker = new Worker("test-worker", session -> {
            throw new SQLException("password authentication failed for user \"orders\"", "28P01");
        }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)), exited::complete);

        worker.start();

        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(Worker.FATAL_EXIT_STATUS);
        worker.close();
    }

    @Test
    void a_retriable_failure_backs_off_longer_each_time_and_then_recovers() throws Exception {
        List<Long> attemptsAt = new CopyOnWriteArrayList<>();
        CountDownLatch recovered = new CountDownLatch(1);
        Worker worker = new Worker("test-worker", session -> {
            attemptsAt.add(System.nanoTime());
            if (attemptsAt.size() <= 3) {
                throw new KafkaException("broker unreachable", new TimeoutException("no answer within 5 s"));
            }
            session.running("working");
            recovered.countDown();
            session.pause(Duration.ofHours(1));
        }, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), exited::complete);

        worker.start();

        assertThat(recovered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.status().state()).isEqualTo(Worker.State.RUNNING);
        assertThat(worker.status().detail()).isEqualTo("working");
        assertThat(waitMillis(attemptsAt, 1)).isGreaterThanOrEqualTo(100);
        assertThat(waitMillis(attemptsAt, 2)).isGreaterThanOrEqualTo(200);
        assertThat(waitMillis(attemptsAt, 3)).isGreaterThanOrEqualTo(400);
        assertThat(exited).isNotDone();
        worker.close(Duration.ofSeconds(5));
        assertThat(worker.status().state()).isEqualTo(Worker.State.STOPPED);
    }

    @Test
    void while_retrying_the_worker_is_not_ready_and_says_why() {
        CountDownLatch failedOnce = new CountDownLatch(1);
        Worker worker = new Worker("test-worker", session -> {
            failedOnce.countDown();
            throw new SQLException("Connection refused", "08001");
        }, new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)), exited::complete);

        worker.start();

        awaitState(worker, Worker.State.RETRYING);
        assertThat(worker.readiness("database", true).probe().get().up()).isFalse();
        assertThat(worker.readiness("database", true).probe().get().detail()).contains("Connection refused");
        assertThat(exited).isNotDone();
        worker.close(Duration.ofSeconds(5));
    }

    @Test
    void closing_wakes_a_task_blocked_in_a_call() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        Worker worker = new Worker("test-worker", session -> {
            session.onWakeup(woken::countDown);
            session.running("polling");
            blocked.countDown();
            woken.await(); // like KafkaConsumer.poll, which returns only when woken up
        }, new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)), exited::complete);
        worker.start();
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        worker.close(Duration.ofSeconds(10));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(worker.status().state()).isEqualTo(Worker.State.STOPPED);
        assertThat(exited).isNotDone();
    }

    private static long waitMillis(List<Long> attemptsAt, int attempt) {
        return TimeUnit.NANOSECONDS.toMillis(attemptsAt.get(attempt) - attemptsAt.get(attempt - 1));
    }

    private static void awaitState(Worker worker, Worker.State state) {
        com.acme.orders.testkit.Await.until(() -> worker.status().state() == state, Duration.ofSeconds(5));
    }
}
