package com.acme.orders.bench;

import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RssTest {

    @Test
    void a_process_never_sampled_has_no_figure_rather_than_zero() {
        try (Rss rss = new Rss()) {
            rss.watch("nothing running", () -> null);

            assertThat(rss.maxMib("nothing running")).isEmpty();
            assertThat(rss.maxMib("never watched")).isEmpty();
        }
    }

    @Test
    void a_watched_process_reports_its_highest_resident_set() {
        try (Rss rss = new Rss()) {
            rss.watch("this test", () -> ProcessHandle.current().pid());
            Await.until(() -> rss.maxMib("this test").isPresent(), Duration.ofSeconds(10));

            assertThat(rss.maxMib("this test")).isPresent();
            assertThat(rss.maxMib("this test").getAsDouble()).isGreaterThan(1);
        }
    }
}
