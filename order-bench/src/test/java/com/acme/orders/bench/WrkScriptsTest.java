package com.acme.orders.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Lua scripts, run by the installed wrk (skipped without it) against a server that records each path. */
class WrkScriptsTest {

    @TempDir
    Path dir;

    private final Queue<String> paths = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @BeforeEach
    void recordingServer() throws IOException {
        assumeTrue(Wrk.onPath(System.getenv("PATH")), "wrk is not installed");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().toString());
            // No body: headers and a body would go out in two writes, and with Nagle's algorithm (the JDK server
            // leaves it on) each answer would wait for a delayed ACK, 40 ms.
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void the_order_script_sends_four_in_five_requests_to_the_first_fifth_of_the_ids() {
        ReadLoad.HotOrders hotOrders = new ReadLoad.HotOrders(1_000);

        ReadLoad.Result result = Wrk.run("127.0.0.1", server.getAddress().getPort(), 2, Duration.ofSeconds(1),
                hotOrders.lua(), dir);

        List<Long> ids = paths.stream().map(path -> Long.parseLong(path.substring("/orders/".length()))).toList();
        assertThat(result.errors()).isZero();
        assertThat(result.requests()).isPositive().isLessThanOrEqualTo(ids.size());
        assertThat(ids).hasSizeGreaterThan(1_000).allSatisfy(id -> assertThat(id).isBetween(1L, 1_000L));
        double hotShare = ids.stream().filter(id -> id <= 200).count() / (double) ids.size();
        assertThat(hotShare).isBetween(0.75, 0.85);
        assertThat(ids.stream().filter(id -> id > 200).distinct().count()).as("cold ids spread").isGreaterThan(50);
        assertThat(ids).as("deleted orders answer 410").noneMatch(id -> id % SyntheticData.DELETED_EVERY == 0);
    }

    @Test
    void the_next_run_of_the_order_script_sends_other_ids() {
        ReadLoad.HotOrders first = new ReadLoad.HotOrders(1_000_000);
        Wrk.run("127.0.0.1", server.getAddress().getPort(), 2, Duration.ofSeconds(1), first.lua(), dir);
        List<String> firstPaths = List.copyOf(paths);
        paths.clear();

        Wrk.run("127.0.0.1", server.getAddress().getPort(), 2, Duration.ofSeconds(1), first.next().lua(), dir);

        int compared = Math.min(1_000, Math.min(firstPaths.size(), paths.size()));
        assertThat(compared).isPositive();
        // The first requests of each run: how many of all a run sends repeat by chance grows with how fast the machine
        // serves them (34,000 in a second shared more than a tenth of the 200,000 hot ids), a prefix's does not.
        java.util.Set<String> firstSent = new java.util.HashSet<>(firstPaths.subList(0, compared));
        long same = paths.stream().limit(compared).filter(firstSent::contains).count();
        // Hot ids (200,000) repeat by chance; a replayed sequence would share all of them.
        assertThat(same).isLessThan(compared / 10);
    }

    @Test
    void a_fixed_path_is_sent_on_every_request() {
        ReadLoad.Result result = Wrk.run("127.0.0.1", server.getAddress().getPort(), 2, Duration.ofSeconds(1),
                new ReadLoad.Fixed("/orders/statistics").lua(), dir);

        assertThat(result.requests()).isPositive();
        assertThat(paths).isNotEmpty().containsOnly("/orders/statistics");
    }

    @Test
    void a_cycle_sends_its_paths_in_turn_from_both_threads_and_the_java_client_the_same_ones() {
        ReadLoad.Cycle cycle = ReadLoad.Cycle.of(5, n -> "/orders/search/username?username=user" + n + "_");

        ReadLoad.Result result = Wrk.run("127.0.0.1", server.getAddress().getPort(), 2, Duration.ofSeconds(1),
                cycle.lua(), dir);

        assertThat(result.errors()).isZero();
        assertThat(paths).hasSizeGreaterThan(10).containsOnlyElementsOf(cycle.paths())
                .containsAll(cycle.paths());
        assertThat(new String(cycle.java("127.0.0.1", 80).apply(7))).startsWith("GET " + cycle.paths().get(2) + " ");
    }

    @Test
    void a_cycle_refuses_a_path_that_cannot_go_into_a_lua_string() {
        assertThatThrownBy(() -> ReadLoad.Cycle.of(1, n -> "/orders\"quoted\""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
