package com.acme.orders.platform.http;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A number from a client is ASCII digits only, however many spellings Java's own parsers accept. */
class PlainNumbersTest {

    @Test
    void ascii_digits_that_fit_are_read() {
        assertThat(PlainNumbers.positiveLong("1")).hasValue(1);
        assertThat(PlainNumbers.positiveLong("007")).hasValue(7);
        assertThat(PlainNumbers.positiveLong("9223372036854775807")).hasValue(Long.MAX_VALUE);
        assertThat(PlainNumbers.positiveInt("2147483647")).hasValue(Integer.MAX_VALUE);
    }

    @Test
    void signs_other_scripts_digits_and_spaces_are_refused() {
        for (String text : new String[]{"+1", "-1", "\uFF11", "\u0661", "\u0967", " 1", "1 ", "1e3", "0x1", "1.0", "",
                "1_000"}) {
            assertThat(PlainNumbers.positiveLong(text)).as("'%s'", text).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void zero_and_what_does_not_fit_are_refused() {
        assertThat(PlainNumbers.positiveLong("0")).isEmpty();
        assertThat(PlainNumbers.positiveLong("9223372036854775808")).isEmpty();
        assertThat(PlainNumbers.positiveLong("99999999999999999999")).isEmpty();
        assertThat(PlainNumbers.positiveLong(null)).isEmpty();
        assertThat(PlainNumbers.positiveInt("2147483648")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void a_consistency_token_is_plain_digits_too() {
        assertThat(ConsistencyToken.parse(" 42:3 ")).isEqualTo(new ConsistencyToken(42, 3));
        for (String text : new String[]{"\uFF14\uFF12:3", "+42:3", "42:+3", "42:-3"}) {
            assertThatThrownBy(() -> ConsistencyToken.parse(text))
                    .as(text).isInstanceOf(BadRequest.class);
        }
    }
}
