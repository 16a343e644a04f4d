package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A server built by {@link HttpApps} with the given routes, on a free port, spoken to over raw sockets. */
final class RunningHttpApp implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Javalin server;

    private RunningHttpApp(Javalin server) {
        this.server = server;
    }

    static RunningHttpApp start(Consumer<JavalinConfig> routes) {
        return new RunningHttpApp(HttpApps.create(Json.newMapper(), Metrics.newRegistry("test"), List.of(), routes)
                .start(0));
    }

    /** {@code head} (request line and headers, without the blank line) and {@code body}, on a connection of its own. */
    RawHttp.Response send(String head, byte[] body) throws IOException {
        return RawHttp.send("127.0.0.1", server.port(), request(head, body), false, TIMEOUT);
    }

    /** Like {@link #send} but the client closes its sending half right after, as one that gives up mid-body. */
    RawHttp.Response sendAndStop(String head, byte[] body) throws IOException {
        return RawHttp.send("127.0.0.1", server.port(), request(head, body), true, TIMEOUT);
    }

    /** The Jetty server underneath, to look at its connectors. */
    Server jetty() {
        return server.jettyServer().server();
    }

    RawHttp connect() {
        return RawHttp.connect("127.0.0.1", server.port(), TIMEOUT);
    }

    static byte[] request(String head, byte[] body) {
        byte[] start = (head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    @Override
    public void close() {
        server.stop();
    }
}
