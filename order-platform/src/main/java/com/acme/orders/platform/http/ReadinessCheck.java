package com.acme.orders.platform.http;

import java.util.function.Supplier;

/**
 * One dependency that {@code /ready} reports.
 *
 * @param name     shown in the report, e.g. {@code database}
 * @param required whether the app is not ready while it is down (an optional one is reported only)
 * @param probe    asked on every {@code /ready} call; must be quick
 */
public record ReadinessCheck(String name, boolean required, Supplier<Result> probe) {

    /** What a probe found. */
    public record Result(boolean up, String detail) {

        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }
}
