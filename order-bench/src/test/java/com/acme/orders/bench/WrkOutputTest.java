package com.acme.orders.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Reading wrk 4.1's summary, on output captured from real runs (src/test/resources/wrk). */
class WrkOutputTest {

    @Test
    void a_clean_run_gives_rate_requests_and_the_latency_percentiles() throws IOException {
        String output = sample("clean-run.txt");

        ReadLoad.Result result = Wrk.parse(output);

        assertThat(result.generator()).isEqualTo(ReadLoad.Generator.WRK);
        assertThat(result.requests()).isEqualTo(564);
        assertThat(result.perSecond()).isCloseTo(556.98, within(0.001));
        assertThat(result.p50Millis()).isCloseTo(2.41, within(0.001));
        assertThat(result.p99Millis()).isCloseTo(52.82, within(0.001));
        assertThat(result.errors()).isZero();
    }

    @Test
    void responses_other_than_2xx_or_3xx_are_errors() throws IOException {
        String output = sample("non-2xx.txt");

        ReadLoad.Result result = Wrk.parse(output);

        assertThat(result.requests()).isEqualTo(641);
        assertThat(result.errors()).isEqualTo(127);
        assertThat(result.p99Millis()).isCloseTo(137.07, within(0.001));
    }

    @Test
    void socket_errors_of_every_kind_add_to_the_non_2xx_responses() throws IOException {
        String output = sample("socket-errors.txt");

        ReadLoad.Result result = Wrk.parse(output);

        assertThat(result.errors()).isEqualTo(3 + 3);
        assertThat(result.requests()).isEqualTo(9);
        assertThat(result.p50Millis()).as("374.00us").isCloseTo(0.374, within(0.0001));
        assertThat(result.perSecond()).isCloseTo(4.44, within(0.001));
    }

    @Test
    void latencies_printed_in_seconds_are_converted_to_milliseconds() throws IOException {
        String output = sample("seconds.txt");

        ReadLoad.Result result = Wrk.parse(output);

        assertThat(result.p50Millis()).isCloseTo(1200, within(0.001));
        assertThat(result.p99Millis()).isCloseTo(1200, within(0.001));
        assertThat(result.errors()).isEqualTo(1);
    }

    @Test
    void output_without_a_summary_is_refused_with_the_output_in_the_message() {
        String output = "unable to connect to 127.0.0.1:18765 Connection refused\n";

        assertThatThrownBy(() -> Wrk.parse(output)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void output_without_the_latency_distribution_is_refused() throws IOException {
        String output = sample("clean-run.txt").replaceAll("(?m)^\\s+\\d+%.*\\n", "");

        assertThatThrownBy(() -> Wrk.parse(output)).hasMessageContaining("--latency");
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = WrkOutputTest.class.getResourceAsStream("/wrk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
