package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcileSettingsTest {

    @Test
    void by_default_a_pass_runs_every_five_minutes_with_five_seconds_of_grace() {
        ReconcileSettings settings = ReconcileSettings.fromEnv(new Env(Map.of()));

        assertThat(settings.interval()).contains(Duration.ofMinutes(5));
        assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void zero_or_off_turns_the_periodic_pass_off() {
        assertThat(interval("0")).isEmpty();
        assertThat(interval("off")).isEmpty();
        assertThat(interval("OFF")).isEmpty();
        assertThat(interval("0s")).isEmpty();
        assertThat(interval("90s")).contains(Duration.ofSeconds(90));
    }

    @Test
    void an_interval_that_is_not_a_duration_is_refused() {
        assertThatThrownBy(() -> interval("often")).hasMessageContaining("RECONCILE_INTERVAL");
    }

    private static Optional<Duration> interval(String value) {
        return ReconcileSettings.fromEnv(new Env(Map.of("RECONCILE_INTERVAL", value))).interval();
    }
}
