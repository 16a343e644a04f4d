package com.acme.orders.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StolenCpuTest {

    @Test
    void the_share_stolen_is_the_steal_ticks_over_all_ticks_between_two_readings() {
        StolenCpu earlier = StolenCpu.parse("cpu  100 0 50 800 0 0 0 50 0 0");
        StolenCpu later = StolenCpu.parse("cpu  200 0 100 1000 0 0 0 100 0 0");

        // 400 ticks passed, 50 of them stolen.
        assertThat(later.percentSince(earlier)).isCloseTo(12.5, within(1e-9));
    }

    @Test
    void no_time_passed_is_nothing_stolen() {
        StolenCpu reading = StolenCpu.parse("cpu  1 2 3 4 5 6 7 8");

        assertThat(reading.percentSince(reading)).isZero();
    }
}
