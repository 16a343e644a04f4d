package com.acme.orders.query.web;

import com.acme.orders.platform.http.FieldError;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's query string, decoded strictly: ASCII only (anything else must be percent-encoded), a {@code %}
 * must start two hex digits, the bytes must be UTF-8, {@code +} is a space. Javalin's own reading silently
 * drops a parameter it cannot decode (so {@code ?limit=%zz} read as no limit) and decodes with the charset of
 * the request's {@code Content-Type}, which a GET has no business sending and which failed with a 500 when
 * malformed. A query string is UTF-8 whatever the headers say.
 */
final class QueryString {

    private static final String UNDECODABLE = "is not valid percent-encoded UTF-8";

    private final Map<String, List<String>> values;
    private final List<FieldError> errors;

    private QueryString(Map<String, List<String>> values, List<FieldError> errors) {
        this.values = values;
        this.errors = errors;
    }

    /** Whether a value given for {@code name} could not be decoded (and is reported in {@link #errors()}). */
    boolean undecodable(String name) {
        return errors.stream().anyMatch(error -> error.field().equals(name));
    }

    /** Parses {@code raw} (without the {@code ?}; null when the request had none). */
    static QueryString parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                Optional<String> name = decode(equals < 0 ? pair : pair.substring(0, equals));
                Optional<String> value = decode(equals < 0 ? "" : pair.substring(equals + 1));
                if (name.isEmpty()) {
                    errors.add(new FieldError("query", "has a parameter name that " + UNDECODABLE));
                } else if (value.isEmpty()) {
                    errors.add(new FieldError(name.get(), UNDECODABLE));
                } else {
                    values.computeIfAbsent(name.get(), key -> new ArrayList<>()).add(value.get());
                }
            }
        }
        return new QueryString(values, errors);
    }

    /** Every value given for {@code name}, in order; empty when it was not given. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** What could not be decoded. */
    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    private static Optional<String> decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A URI is ASCII. Jetty hands on raw bytes above it (and swaps invalid UTF-8 for U+FFFD) where it
                // refuses them in the path: refuse them here too.
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
