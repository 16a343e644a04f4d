package com.acme.orders.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void ports_are_handed_out_once_below_the_ephemeral_range_and_can_be_listened_on() throws IOException {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0).trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(port).as("no client socket takes it as its local port").isLessThan(ephemeralStart);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(port));
            }
        }
    }
}
