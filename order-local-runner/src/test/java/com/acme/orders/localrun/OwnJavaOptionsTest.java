package com.acme.orders.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker gets a heap of its own after the apps' options; the query app can get its own options. */
class OwnJavaOptionsTest {

    @Test
    void the_broker_gets_its_own_heap_unless_kafka_heap_opts_says_otherwise() {
        assertThat(LocalRunner.ownOptions("order-local-kafka", Map.of())).containsExactly("-Xms128m", "-Xmx192m");
        assertThat(LocalRunner.ownOptions("order-local-kafka", Map.of("KAFKA_HEAP_OPTS", " -Xmx256m ")))
                .containsExactly("-Xmx256m");
    }

    @Test
    void the_query_app_gets_query_java_opts_and_the_other_apps_nothing_of_their_own() {
        assertThat(LocalRunner.ownOptions("order-query-app", Map.of())).isEmpty();
        assertThat(LocalRunner.ownOptions("order-query-app", Map.of("QUERY_JAVA_OPTS", "-Xmx96m")))
                .containsExactly("-Xmx96m");
        assertThat(LocalRunner.ownOptions("order-command-app", Map.of("QUERY_JAVA_OPTS", "-Xmx96m"))).isEmpty();
    }

    @Test
    void a_collector_of_its_own_replaces_the_common_one_and_its_heap_comes_last() {
        List<String> common = List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(LocalRunner.withOwnOptions(common, List.of("-XX:+UseParallelGC", "-Xmx320m")))
                .containsExactly("-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-Xmx320m");
        assertThat(LocalRunner.withOwnOptions(common, List.of("-Xmx96m")))
                .containsExactly("-XX:+UseSerialGC", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-Xmx96m");
    }
}
