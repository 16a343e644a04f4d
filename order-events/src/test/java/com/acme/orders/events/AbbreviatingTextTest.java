package com.acme.orders.events;

import org.junit.jupiter.api.Test;

import static com.acme.orders.events.Abbreviation.abbreviate;
import static org.assertj.core.api.Assertions.assertThat;

class AbbreviatingTextTest {

    @Test
    void short_text_is_shown_whole() {
        assertThat(abbreviate("CONFIRMD")).isEqualTo("CONFIRMD");
        assertThat(abbreviate("x".repeat(40))).isEqualTo("x".repeat(40));
    }

    @Test
    void long_text_is_cut_at_the_limit_and_marked() {
        String cut = abbreviate("x".repeat(1_000_000));

        assertThat(cut).isEqualTo("x".repeat(40) + "…");
        assertThat(abbreviate("abcdef", 3)).isEqualTo("abc…");
    }

    @Test
    void a_surrogate_pair_at_the_limit_is_never_split() {
        String text = "x".repeat(39) + "😀" + "tail";

        String cut = abbreviate(text);

        assertThat(cut).isEqualTo("x".repeat(39) + "…");
    }
}
