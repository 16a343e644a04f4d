package com.acme.orders.platform.freshness;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The hops an event takes from the command's commit until a waiting query answers, each one timer
 * {@code freshness.hop{hop=...}} (Prometheus {@code freshness_hop_seconds_bucket}) in the app that sees the hop end.
 * {@link #OUTBOX_WAIT} + {@link #RELAY_TO_PROJECTOR} + {@link #PROJECTION} + {@link #NOTIFY_TO_ANSWER} make up the
 * whole chain; {@link #RELAY_COMMIT} is the part of {@link #RELAY_TO_PROJECTOR} spent in the relay's Kafka
 * transaction, so their difference is "Kafka commit → projector receives". Hops that span two processes compare
 * wall clocks of two hosts: on one host they are exact, across hosts they carry the clock skew.
 */
public enum FreshnessHop {

    /** Event occurred (the command's transaction) → the relay sends it; measured by the relay. */
    OUTBOX_WAIT("outbox_wait"),
    /** The relay sends the batch → its Kafka transaction is committed; measured by the relay, once per event. */
    RELAY_COMMIT("relay_commit"),
    /** The relay sends → the projector's poll returns it (includes {@link #RELAY_COMMIT}); measured by the projector. */
    RELAY_TO_PROJECTOR("relay_to_projector"),
    /** The projector's poll returns the event → its read-model transaction is committed. */
    PROJECTION("projection"),
    /** The query app hears the read model's NOTIFY → the waiting request's answer is written. */
    NOTIFY_TO_ANSWER("notify_to_answer");

    /** The record header in which the relay says when it sent the record, as epoch microseconds. */
    public static final String SENT_AT_HEADER = "relaySentAtMicros";

    private final String tag;

    FreshnessHop(String tag) {
        this.tag = tag;
    }

    public Timer timer(MeterRegistry registry) {
        return Timer.builder("freshness.hop")
                .description("one hop of the way from a command's commit to a query that can read it")
                .tag("hop", tag)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public static byte[] encodeSentAt(Instant sentAt) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, sentAt)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The sending time in a {@link #SENT_AT_HEADER} value; empty when absent or not a number. */
    public static Optional<Instant> decodeSentAt(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.EPOCH.plus(Long.parseLong(new String(value, StandardCharsets.US_ASCII)),
                    ChronoUnit.MICROS));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records {@code to - from}, or nothing when the clocks disagree so much that it would be negative. */
    public static void record(Timer timer, Instant from, Instant to) {
        Duration hop = Duration.between(from, to);
        if (!hop.isNegative()) {
            timer.record(hop);
        }
    }
}
