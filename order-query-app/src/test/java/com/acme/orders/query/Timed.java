package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A response and how long it took. */
public record Timed(HttpJson.Response response, Duration elapsed) {

    static Timed of(Supplier<HttpJson.Response> request) {
        long started = System.nanoTime();
        HttpJson.Response response = request.get();
        return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Sends the request on another thread, so that the test can change the read model meanwhile. */
    static CompletableFuture<Timed> inBackground(Supplier<HttpJson.Response> request) {
        CompletableFuture<Timed> timed = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                timed.complete(of(request));
            } catch (RuntimeException | Error e) {
                timed.completeExceptionally(e);
            }
        }, "test-request");
        thread.start();
        return timed;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
