package com.acme.orders.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP cache_gets_total cache lookups of the query app by result and tier
            # TYPE cache_gets_total counter
            cache_gets_total{application="order-query-app",result="hit",tier="near"} 80.0
            cache_gets_total{application="order-query-app",result="miss",tier="near"} 20.0
            cache_gets_total{application="order-query-app",result="hit",tier="redis"} 5.0
            cache_gets_total_extra{result="hit",tier="near"} 1000.0
            cache_redis_failures_total 3.0
            """;

    @Test
    void sums_the_samples_of_one_name_carrying_every_label() {
        assertThat(PrometheusText.sum(TEXT, "cache_gets_total", "result=\"hit\"", "tier=\"near\"")).isEqualTo(80.0);
        assertThat(PrometheusText.sum(TEXT, "cache_gets_total", "result=\"hit\"")).isEqualTo(85.0);
        assertThat(PrometheusText.sum(TEXT, "cache_gets_total")).isEqualTo(105.0);
        assertThat(PrometheusText.sum(TEXT, "cache_redis_failures_total")).isEqualTo(3.0);
        assertThat(PrometheusText.sum(TEXT, "cache_evictions_total")).isZero();
    }
}
