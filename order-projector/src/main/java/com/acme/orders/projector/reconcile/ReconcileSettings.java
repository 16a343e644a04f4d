package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When the reconciler runs inside the projector and how long it gives the read side to catch up.
 *
 * @param interval {@code RECONCILE_INTERVAL}, 5m: time between periodic passes; empty when {@code 0} or {@code off}
 * @param grace    {@code RECONCILE_GRACE}, 5s: how long an order that differs may still be in flight before it
 *                 counts as drift
 */
public record ReconcileSettings(Optional<Duration> interval, Duration grace) {

    public ReconcileSettings {
        if (interval.isPresent() && (interval.get().isNegative() || interval.get().isZero())) {
            throw new IllegalArgumentException("interval must be positive or empty, was " + interval.get());
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
    }

    public static ReconcileSettings fromEnv(Env env) {
        String text = env.string("RECONCILE_INTERVAL", "5m").toLowerCase(Locale.ROOT);
        Optional<Duration> interval = text.equals("off") || text.equals("0") ? Optional.empty()
                : Optional.of(env.duration("RECONCILE_INTERVAL", Duration.ofMinutes(5))).filter(d -> !d.isZero());
        return new ReconcileSettings(interval, env.duration("RECONCILE_GRACE", Duration.ofSeconds(5)));
    }
}
