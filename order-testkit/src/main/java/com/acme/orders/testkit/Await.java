package com.acme.orders.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for what happens asynchronously (a relay publishing, a projector applying), with a deadline. */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test when it still does not after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
