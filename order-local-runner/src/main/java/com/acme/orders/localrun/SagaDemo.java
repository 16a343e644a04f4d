package com.acme.orders.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make demo} with sagas on: the command app's sagas decide each order's fate; this reads it back from the
 * APIs ({@code GET /orders/{id}/saga} on the command API, {@code GET /orders/{id}} on the query API) and says what
 * is left to a client's PUTs. Nothing here decides an outcome.
 */
final class SagaDemo {

    /** What an order's saga has made of it so far. */
    enum Outcome {
        /** The order was placed while sagas were off ({@code 404 saga-not-found}). */
        NO_SAGA,
        /** Still reserving stock or authorising payment. */
        RUNNING,
        CONFIRMED,
        /** Given up (compensating or done compensating): the order is CANCELLED. */
        CANCELLED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final RunSettings settings;

    SagaDemo(HttpClient http, RunSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** The outcome a {@code GET /orders/{id}/saga} answer shows. */
    static Outcome outcome(int status, String body) throws IOException {
        if (status == 404) {
            return Outcome.NO_SAGA;
        }
        if (status != 200) {
            throw new IllegalStateException("GET /orders/{id}/saga answered " + status + ": " + body);
        }
        return switch (JSON.readTree(body).path("step").asText()) {
            case "CONFIRMED" -> Outcome.CONFIRMED;
            case "COMPENSATING", "CANCELLED" -> Outcome.CANCELLED;
            default -> Outcome.RUNNING;
        };
    }

    /**
     * The statuses a client still PUTs to walk an order through {@code life}: with sagas on its saga confirms it
     * (a confirming PUT would be a 409), so a leading CONFIRMED is the saga's; without sagas, every step is a PUT.
     */
    static List<String> statusesToPut(List<String> life, boolean sagas) {
        if (sagas && !life.isEmpty() && life.get(0).equals("CONFIRMED")) {
            return life.subList(1, life.size());
        }
        return life;
    }

    /** Whether the PUTs of {@code life} must wait for the saga to confirm the order first. */
    static boolean waitsForItsSaga(List<String> life, boolean sagas) {
        return sagas && !life.isEmpty() && life.get(0).equals("CONFIRMED");
    }

    /** Whether this order has a saga, i.e. the command app runs with {@code SAGAS_ENABLED=true}. */
    boolean enabled(long orderId) throws IOException, InterruptedException {
        return current(orderId) != Outcome.NO_SAGA;
    }

    /** Waits until the order's saga confirmed or cancelled it (or {@code timeout} passed: RUNNING). */
    Outcome awaitSettled(long orderId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Outcome outcome = current(orderId);
            if (outcome != Outcome.RUNNING || System.nanoTime() > deadline) {
                return outcome;
            }
            Thread.sleep(100);
        }
    }

    Outcome current(long orderId) throws IOException, InterruptedException {
        HttpResponse<String> response = get(sagaUrl(orderId), null);
        return outcome(response.statusCode(), response.body());
    }

    /** One line summing up the saga: its step, what it holds, its reason and the summary of each step. */
    String sagaLine(long orderId) throws IOException, InterruptedException {
        JsonNode saga = JSON.readTree(get(sagaUrl(orderId), null).body());
        List<String> steps = new ArrayList<>();
        saga.path("steps").forEach(step -> steps.add(step.path("step").asText() + " (" + step.path("summary").asText()
                + ")"));
        return "GET " + sagaUrl(orderId) + " -> step=" + saga.path("step").asText() + " stockReserved="
                + saga.path("stockReserved").asText() + " paymentAuthorized=" + saga.path("paymentAuthorized").asText()
                + " steps=" + steps;
    }

    /**
     * The order as the query API shows it once the read model holds {@code status} (waiting for the projector with
     * the consistency header, polling briefly after that).
     */
    JsonNode queryOrder(long orderId, String status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode order = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(settings.queryUrl() + "/orders/" + orderId, orderId + ":2");
            if (response.statusCode() == 200) {
                order = JSON.readTree(response.body());
                if (order.path("status").asText().equals(status)) {
                    return order;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the query API does not show order " + orderId + " as " + status + " after 30 s: "
                + order);
    }

    private String sagaUrl(long orderId) {
        return settings.commandUrl() + "/orders/" + orderId + "/saga";
    }

    private HttpResponse<String> get(String url, String consistencyToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (consistencyToken != null) {
            request.header("Consistency-Token", consistencyToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
