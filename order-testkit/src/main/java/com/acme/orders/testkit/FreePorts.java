package com.acme.orders.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports nobody listens on right now, for a test to hand to the process it starts. The port is checked and released
 * before the process binds it, so it is chosen below the kernel's range of ephemeral ports: in that range every
 * outgoing connection (a Kafka or JDBC client of any process) takes its local port, and one did take a port handed
 * out this way before the projector could listen on it. Below the range only another listener can, and this class
 * hands each port out once per JVM.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 1_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Ports are chosen from {@link #LOWEST} up to here; read once, the kernel's range does not move under a test. */
    private static final int BELOW = ephemeralStart();

    private FreePorts() {
    }

    public static int next() {
        if (BELOW - LOWEST < 1_000) {
            return anyFree();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW);
            if (HANDED_OUT.add(port) && free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + BELOW);
    }

    /** The first ephemeral port (32768 on Linux by default; where the range cannot be read, the same). */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Bindable on every address, as the apps bind. */
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the ephemeral range leaves no room below it: any port the kernel finds free. */
    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
