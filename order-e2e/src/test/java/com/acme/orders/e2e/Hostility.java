package com.acme.orders.e2e;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The catalogue of hostile values shared by the request generators, and the one seeded {@link Random} they
 * draw from, so that a run is repeatable. Values meant for a URL are already percent-encoded as they should go
 * on the wire (some of them deliberately wrongly).
 */
final class Hostility {

    /** SQL that would do harm if anything concatenated it into a statement. */
    static final List<String> SQL_INJECTIONS = List.of("' OR 1=1 --", "1; DROP TABLE orders", "' OR '1'='1",
            "1 OR 1=1", "'; DELETE FROM orders; --", "\" OR \"\"=\"",
            "1' UNION SELECT key, request_hash FROM idempotency_keys --", "%' OR 1=1 --", "'||pg_sleep(5)||'",
            "1)) OR ((1=1", "$$; DROP TABLE order_events; $$", "\\'; TRUNCATE orders CASCADE; --", "admin'--",
            "1;SELECT pg_sleep(5)");

    /** Valid Unicode that is odd to store or show: zero-width, bidi controls, emoji, combining marks, long text. */
    static final List<String> ODD_TEXT = List.of("\u200b", "a\u200bb", "\u200f\u202eevil\u202c", "\u2066isolated\u2069",
            "\uD83D\uDE00\uD83D\uDE80\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u03a9\u2248\u00e7\u221a\u222b",
            "\uD835\uDD18\uD835\uDD2B\uD835\uDD26", "e\u0301\u0301\u0301\u0301", "\ufeffBOM", "\u0645\u0631\u062d\u0628\u0627",
            "\u65e5\u672c\u8a9e", "\ufffd\ufffd", "\u00a0nbsp\u00a0", "\u2028line\u2029", "x".repeat(400),
            "\uD83D\uDE42".repeat(100));

    /** JSON string contents (already escaped) that no stored text may hold: NUL, controls, broken surrogates. */
    static final List<String> FORBIDDEN_JSON_TEXT = List.of("\\u0000", "a\\u0000b", "\\ud800", "\\udc00", "x\\ud83d",
            "\\ud83d\\ud83d", "\\u001b[2J", "\\u007f", "\\u0085", "\\u0008");

    /** Path segments that are not a positive 64-bit integer in ASCII digits. */
    static final List<String> BAD_IDS = List.of("0", "-1", "9223372036854775808", "99999999999999999999", "1e3",
            "%201", "1%20", "abc", "1.0", "0x1", "%2B1", "+1", "%EF%BC%91", "%D9%A1", "1_000", "-9223372036854775808",
            "null", "undefined", "NaN", "%E2%80%AE1", "1%E2%80%8B", "1%2F2", "%00", "%27%20OR%201%3D1%20--",
            "1%3B%20DROP%20TABLE%20orders", "1;DROP", "%F0%9F%98%80", "1".repeat(25), "%0A1", "1e-400");

    /** Path segments that are not exactly one of the six statuses. */
    static final List<String> BAD_STATUSES = List.of("pending", "Pending", "TELEPORTED", "DELETED", "PENDING%20",
            "%20PENDING", "PENDING%E2%80%8B", "%E2%80%AEPENDING", "PEND%C4%B0NG", "P%C3%89NDING",
            "%27%20OR%201%3D1%20--", "PENDING%3B%20DROP%20TABLE%20orders", "*", "PENDING,SHIPPED", "%F0%9F%98%80",
            "A".repeat(1000), "0", "null", "%00", "PENDING%00", "SHIPPED%0A", "CANCELED", "DELIVERED%09");

    /** {@code limit} values that are not 1 to 500, some not even decodable. */
    static final List<String> BAD_LIMITS = List.of("0", "-1", "501", "abc", "1e3", "%201", "", "NaN", "2147483648",
            "9223372036854775808", "99999999999999999999", "1.5", "0x10", "%2B5", "%EF%BC%95", "%30", "%35%30%31",
            "5%00", "=5", "%27%20OR%201%3D1%20--", "1%3B%20DROP%20TABLE%20orders", "100000", "%zz", "%", "5%",
            "%ff", "%c0%b5", "%u0035");

    /** {@code Consistency-Token} values that are not {@code <orderId>:<version>}. */
    static final List<String> BAD_TOKENS = List.of("yesterday", "1", "1:0", "0:1", "a:b", "1:2:3", "", "-1:-1",
            "9223372036854775808:1", "1:9223372036854775808", "1e3:1", "+1:1", "1 :1", "' OR 1=1 --",
            "1:1; DROP TABLE orders", "\uff11:\uff11", "1:1:", ":", "1:", ":1", "0x1:1", "1.0:1", "true", "null",
            "%31:%31", "1".repeat(1000) + ":1");

    /** {@code If-Match} values that are neither absent, {@code *}, nor an entity tag of a version. */
    static final List<String> BAD_IF_MATCH = List.of("yesterday", "\"abc\"", "W/", "\"\"", "\"-1\"", "-1",
            "\"9223372036854775808\"", "1e3", "\"1", "1\"", "' OR 1=1 --", "\"+1\"", "W/\"x\"", "\"1\", \"2\"", "\"0\"",
            "0", "\"\uff11\"", "W/W/\"1\"", "**", "\"*\"");

    /** {@code from} / {@code to} values that are not an instant, an offset date-time or a date in years 1-9999. */
    static final List<String> BAD_DATES = List.of("2026-13-45", "yesterday", "", "2026-02-30", "2026-01-01T25:00:00Z",
            "10000-01-01", "0000-01-01", "-0001-01-01", "2026-01-01T00:00:00", "1e3", "now", "2026%2F01%2F01", "%zz",
            "2026-1-1", "26-01-01", "2026-01-01T00:00:00%2B25:00", "2026-01-01T00:00:00Z%00",
            "%27%20OR%201%3D1%20--", "%2B999999999-01-01", "2026-W01-1", "1767225600", "%2B10000-01-01");

    /** {@code amount} values that are not a non-negative decimal of at most 30 digits. */
    static final List<String> BAD_AMOUNTS = List.of("1e309", "-1", "-0.01", "1e-400", "NaN", "Infinity", "-Infinity", "",
            "abc", "1e31", "9".repeat(31), "0x10", "1%2C5", "1,5", "%27%20OR%201%3D1%20--", "%zz", "1.2.3", "--1", "1e",
            "e5", "1%00", "-9223372036854775808", "1e999999999");

    /** {@code username} values that are empty, too long, or hold a control character or undecodable bytes. */
    static final List<String> BAD_USERNAMES = List.of("", "x".repeat(101), "%F0%9F%98%80".repeat(101), "%00", "a%00b",
            "%1B%5B2J", "%7F", "%C2%85", "%ff", "%c0%af", "%zz", "%ed%a0%80", "a%");

    /** {@code Content-Type} values a JSON body must not be sent with. */
    static final List<String> REFUSED_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/json; charset=bogus", "application/json; charset", "application/json; charset=iso-8859-1",
            "json", "application/jsonx", "text/json", "*/*", "application/json, text/plain", "",
            "application/json; charset=\"utf-32\"", "\u0430pplication/json");

    private final Random random;

    Hostility(long seed) {
        this.random = new Random(seed);
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    /** {@code values} in random order. */
    <T> List<T> shuffled(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    /** Random bytes as base64url, none of them {@code |}, so they never decode to a cursor of any list. */
    String randomBase64() {
        byte[] bytes = new byte[between(1, 200)];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '|') {
                bytes[i] = '!';
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A string of {@code length} random printable ASCII characters. */
    String garbage(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) between(33, 126));
        }
        return text.toString();
    }

    /** {@code text} as a query value or path segment: UTF-8, percent-encoded, space as {@code %20}. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code text} as a JSON string literal (non-ASCII left as is, to be sent as UTF-8). */
    static String json(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
