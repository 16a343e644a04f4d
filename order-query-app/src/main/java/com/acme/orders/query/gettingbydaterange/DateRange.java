package com.acme.orders.query.gettingbydaterange;

import com.acme.orders.query.web.QueryParams;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static com.acme.orders.events.Abbreviation.abbreviate;

/**
 * The half-open range {@code from <= createdAt < to}.
 *
 * <p>Clients write either bound as an instant ({@code 2026-11-25T10:00:00Z}), a date-time with offset
 * ({@code 2026-11-25T10:00:00+01:00}) or a date ({@code 2026-11-25}). A date means its start in UTC for
 * {@code from} and the start of the next day for {@code to}, so that {@code from=2026-11-25&to=2026-11-25}
 * is that whole day, as a person would read it.
 */
record DateRange(Instant from, Instant to) {

    private static final String FORMATS = "must be an ISO-8601 instant (2026-11-25T10:00:00Z), date-time with offset"
            + " (2026-11-25T10:00:00+01:00) or date (2026-11-25)";

    /** Reads {@code from} and {@code to}, reporting every problem to {@code params}. */
    static Optional<DateRange> read(QueryParams params) {
        Optional<Bound> from = params.required("from").flatMap(text -> bound(params, "from", text, false));
        Optional<Bound> to = params.required("to").flatMap(text -> bound(params, "to", text, true));
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        Instant start = from.get().instant();
        Instant end = to.get().instant();
        // A date `to` covers its whole day, so a `from` at its end lies after it: 2026-11-26 is after 2026-11-25.
        if (start.isAfter(end) || to.get().wholeDay() && !start.isBefore(end)) {
            return params.reject("from", "must not be after to");
        }
        return Optional.of(new DateRange(start, end));
    }

    /** One end as the client wrote it: {@code wholeDay} when it was a plain date. */
    private record Bound(Instant instant, boolean wholeDay) {
    }

    private static Optional<Bound> bound(QueryParams params, String field, String text, boolean upper) {
        // An unencoded '+' of an offset arrives as a space; no valid value contains one.
        String value = text.trim().replace(' ', '+');
        Optional<Bound> bound = parse(value, upper);
        if (bound.isEmpty()) {
            return params.reject(field, FORMATS + ", was '" + abbreviate(text) + "'");
        }
        int year = bound.get().instant().atOffset(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            return params.reject(field, "is out of range (years 1 to 9999), was '" + abbreviate(text) + "'");
        }
        return bound;
    }

    private static Optional<Bound> parse(String value, boolean upper) {
        try {
            return Optional.of(new Bound(OffsetDateTime.parse(value).toInstant(), false));
        } catch (DateTimeException notADateTime) {
            try {
                LocalDate date = LocalDate.parse(value);
                return Optional.of(new Bound((upper ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC)
                        .toInstant(), true));
            } catch (DateTimeException notADate) {
                return Optional.empty();
            }
        }
    }
}
