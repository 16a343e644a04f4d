package com.acme.orders.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which generator sends the read rows' load. */
class ReadLoadChoiceTest {

    @TempDir
    Path dir;

    @Test
    void wrk_on_the_path_sends_the_load() throws IOException {
        Map<String, String> env = Map.of("PATH", "/nowhere:" + fakeWrk());

        assertThat(ReadLoad.fromEnv(env, "127.0.0.1", dir).generator()).isEqualTo(ReadLoad.Generator.WRK);
    }

    @Test
    void without_wrk_the_java_client_sends_it() {
        Map<String, String> env = Map.of("PATH", dir.toString());

        assertThat(ReadLoad.fromEnv(env, "127.0.0.1", dir).generator()).isEqualTo(ReadLoad.Generator.JAVA);
    }

    @Test
    void the_java_client_sends_the_same_requests_and_says_so() throws IOException {
        Queue<String> paths = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        ReadLoad load = ReadLoad.fromEnv(Map.of("PATH", dir.toString()), "127.0.0.1", dir);

        ReadLoad.Result result;
        try {
            result = load.run(server.getAddress().getPort(), 2, Duration.ofMillis(300),
                    new ReadLoad.Fixed("/orders/statistics"));
        } finally {
            server.stop(0);
        }

        assertThat(result.generator()).isEqualTo(ReadLoad.Generator.JAVA);
        assertThat(result.requests()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(paths).isNotEmpty().containsOnly("/orders/statistics");
    }

    @Test
    void bench_load_generator_java_forces_the_java_client_even_with_wrk_installed() throws IOException {
        Map<String, String> env = Map.of("PATH", fakeWrk().toString(), "BENCH_LOAD_GENERATOR", "java");

        assertThat(ReadLoad.fromEnv(env, "127.0.0.1", dir).generator()).isEqualTo(ReadLoad.Generator.JAVA);
    }

    @Test
    void bench_load_generator_wrk_without_wrk_installed_says_how_to_install_it() {
        Map<String, String> env = Map.of("PATH", dir.toString(), "BENCH_LOAD_GENERATOR", "wrk");

        assertThatThrownBy(() -> ReadLoad.fromEnv(env, "127.0.0.1", dir)).hasMessageContaining("apt-get install wrk");
    }

    @Test
    void rows_name_the_generator() {
        assertThat(ReadLoad.Generator.WRK).hasToString("wrk");
        assertThat(ReadLoad.Generator.JAVA).hasToString("Java client");
    }

    private Path fakeWrk() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("wrk"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return bin;
    }
}
