package com.acme.orders.e2e;

import com.acme.orders.testkit.RawHttp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends hostile requests with a few concurrent clients: through {@code java.net.http} when it can express the
 * request, over a raw socket when it cannot. Never throws for what the server does; every request gets an
 * {@link Outcome}.
 *
 * <p>{@code java.net.http} reuses connections; when one that the server has closed meanwhile is picked for a
 * POST, the client reports no response and, unlike for a GET, does not retry. Such a request is sent once more
 * on a fresh socket, and counted, so that a server that really does not answer still fails the test.
 */
final class HostileTraffic {

    /** Long enough for a consistency wait (2 s) many times over; a request that takes longer has hung. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * What came back.
     *
     * @param status      the HTTP status, or {@link #NO_RESPONSE}
     * @param contentType the {@code Content-Type} of the response, or empty
     * @param body        the response body as text
     * @param failure     why there was no response, or empty
     * @param resent      whether it went again on a fresh socket after a reused connection failed
     */
    record Outcome(HostileRequest request, int status, String contentType, String body, String failure,
                   boolean resent) {

        static final int NO_RESPONSE = -1;
    }

    private final Map<HostileRequest.App, Integer> ports;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HostileTraffic(Map<HostileRequest.App, Integer> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** Sends every request, {@code clients} at a time, and returns the outcomes in the order of the requests. */
    List<Outcome> send(List<HostileRequest> requests, int clients) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (HostileRequest request : requests) {
                pending.add(pool.submit(() -> send(request)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : pending) {
                try {
                    outcomes.add(outcome.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sending failed in the test itself", e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome send(HostileRequest request) {
        try {
            if (request.wire() instanceof HostileRequest.Http http && !http.needsRawSocket()) {
                HttpRequest built;
                try {
                    built = build(request.app(), http);
                } catch (IllegalArgumentException notExpressible) {
                    // java.net.http refuses this URI, method or header; the server must cope with it anyway.
                    return sendRaw(request, http.bytes(host(request.app())), false);
                }
                HttpResponse<byte[]> response;
                try {
                    response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
                } catch (HttpTimeoutException hang) {
                    return noResponse(request, hang);
                } catch (IOException reusedConnectionClosed) {
                    Outcome resent = sendRaw(request, http.bytes(host(request.app())), false);
                    return new Outcome(request, resent.status(), resent.contentType(), resent.body(), "", true);
                }
                return new Outcome(request, response.statusCode(), response.headers().firstValue("Content-Type")
                        .orElse(""), new String(response.body(), StandardCharsets.UTF_8), "", false);
            }
            if (request.wire() instanceof HostileRequest.Http http) {
                return sendRaw(request, http.bytes(host(request.app())), http.cutShort());
            }
            HostileRequest.Raw raw = (HostileRequest.Raw) request.wire();
            byte[] bytes = new String(raw.bytes(), StandardCharsets.ISO_8859_1).replace("{host}", host(request.app()))
                    .getBytes(StandardCharsets.ISO_8859_1);
            return sendRaw(request, bytes, raw.endInput());
        } catch (IOException e) {
            return noResponse(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return noResponse(request, e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code java.net.http} cannot send it as described: it would turn a
     *                                  header value outside ASCII into '?', so such a request goes raw
     */
    private HttpRequest build(HostileRequest.App app, HostileRequest.Http http) {
        if (!http.headers().stream().allMatch(HostileTraffic::plainAscii)) {
            throw new IllegalArgumentException("a header outside printable ASCII");
        }
        HttpRequest.BodyPublisher body = http.body().length == 0 && http.framing() == HostileRequest.Framing.LENGTH
                ? HttpRequest.BodyPublishers.noBody()
                : http.framing() == HostileRequest.Framing.CHUNKED
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(http.body()))
                : HttpRequest.BodyPublishers.ofByteArray(http.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host(app) + http.target()))
                .timeout(TIMEOUT)
                .method(http.method(), body);
        for (int i = 0; i + 1 < http.headers().size(); i += 2) {
            builder.header(http.headers().get(i), http.headers().get(i + 1));
        }
        return builder.build();
    }

    private Outcome sendRaw(HostileRequest request, byte[] bytes, boolean endInput) throws IOException {
        RawHttp.Response response = RawHttp.send("127.0.0.1", ports.get(request.app()), bytes, endInput, TIMEOUT);
        return new Outcome(request, response.status(), response.header("Content-Type").orElse(""), response.text(), "",
                false);
    }

    private static boolean plainAscii(String text) {
        return text.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7F);
    }

    private String host(HostileRequest.App app) {
        return "127.0.0.1:" + ports.get(app);
    }

    private static Outcome noResponse(HostileRequest request, Exception e) {
        return new Outcome(request, Outcome.NO_RESPONSE, "", "", e.getClass().getSimpleName() + ": " + e.getMessage(),
                false);
    }
}
