package com.acme.orders.platform.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables with local defaults. It remembers every value it handed out, so
 * an app can print its effective configuration at start without repeating the list (secrets masked).
 */
public final class Env {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> env;
    private final Map<String, String> effective = new LinkedHashMap<>();

    public Env(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public String string(String name, String fallback) {
        String value = env.get(name);
        String result = value == null || value.isBlank() ? fallback : value.trim();
        effective.put(name, result);
        return result;
    }

    /** Like {@link #string} but shown as {@code ****} (or {@code <empty>}) when printed. */
    public String secret(String name, String fallback) {
        String value = env.get(name);
        String result = value == null ? fallback : value;
        effective.put(name, result == null || result.isEmpty() ? "<empty>" : "****");
        return result;
    }

    public int integer(String name, int fallback) {
        String text = string(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + text + "'");
        }
    }

    public boolean flag(String name, boolean fallback) {
        String text = string(name, Boolean.toString(fallback));
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + text + "'");
        };
    }

    /** A duration written as {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h} or {@code 90d}. */
    public Duration duration(String name, Duration fallback) {
        String text = string(name, format(fallback));
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(name + " must be a duration such as 250ms, 2s, 5m, 1h or 90d, was '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest exact form: {@code 24h}, {@code 2s}, {@code 250ms}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    /** The effective configuration as one log line: {@code NAME=value NAME=value …}. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        effective.forEach((name, value) -> line.append(line.isEmpty() ? "" : " ").append(name).append('=')
                .append(Objects.toString(value, "")));
        return line.toString();
    }
}
