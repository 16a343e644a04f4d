package com.acme.orders.query;

import com.acme.orders.testkit.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own on a free port, without persistence, that the test may stop and start
 * again (the shared one on 6379 is never touched).
 */
public final class OwnRedis implements AutoCloseable {

    public final int port = FreePorts.next();
    private Process process;

    public static OwnRedis start() {
        OwnRedis redis = new OwnRedis();
        redis.up();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void up() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "local"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepts()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not come up on port " + port);
            }
            Timed.pause(20);
        }
    }

    public void down() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the server stall for {@code duration}, as an overloaded one does; returns at once. */
    public void stall(Duration duration) {
        try {
            new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "DEBUG", "SLEEP",
                    Double.toString(duration.toMillis() / 1000.0))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code redis-cli} prints for {@code command} against this server (raw, one reply per line). */
    public String cli(String... command) {
        return cli(port, command);
    }

    /** What {@code redis-cli} prints for {@code command} against the server on {@code port}. */
    static String cli(int port, String... command) {
        List<String> line = new java.util.ArrayList<>(List.of("redis-cli", "--raw", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        try {
            Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + command[0] + " failed: " + output);
            }
            return output.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the server leaves a PING unanswered for 200 ms. */
    public boolean stalled() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(200);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            down();
        }
    }
}
