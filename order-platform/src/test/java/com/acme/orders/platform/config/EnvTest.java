package com.acme.orders.platform.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvTest {

    @Test
    void values_fall_back_to_defaults_and_are_listed_in_reading_order_with_secrets_masked() {
        Env env = new Env(Map.of("HTTP_PORT", "9000", "DB_PASSWORD", "hunter2", "BLANK", "  "));

        int port = env.integer("HTTP_PORT", 8081);
        String url = env.string("BLANK", "fallback");
        String password = env.secret("DB_PASSWORD", "");
        Duration ttl = env.duration("TTL", Duration.ofHours(24));

        assertThat(port).isEqualTo(9000);
        assertThat(url).isEqualTo("fallback");
        assertThat(password).isEqualTo("hunter2");
        assertThat(ttl).isEqualTo(Duration.ofHours(24));
        assertThat(env.describe()).isEqualTo("HTTP_PORT=9000 BLANK=fallback DB_PASSWORD=**** TTL=24h");
    }

    @Test
    void durations_read_in_the_usual_units() {
        Env env = new Env(Map.of("A", "250ms", "B", "2s", "C", "5m", "D", "1h"));

        assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_malformed_value_names_the_variable() {
        Env env = new Env(Map.of("HTTP_PORT", "eighty", "TTL", "soon", "FLAG", "maybe"));

        assertThatThrownBy(() -> env.integer("HTTP_PORT", 1)).hasMessageContaining("HTTP_PORT must be an integer");
        assertThatThrownBy(() -> env.duration("TTL", Duration.ZERO)).hasMessageContaining("TTL must be a duration");
        assertThatThrownBy(() -> env.flag("FLAG", true)).hasMessageContaining("FLAG must be true or false");
    }
}
