package com.shopwatch.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tunable of a detector as packs write it ({@code window: 10m}, {@code max_listings: 30}):
 * its type, default and allowed range. The parser checks pack values against it, so a bad
 * threshold is rejected with its file and line before it reaches the job.
 */
public final class DetectorParam {
    public enum Type { DURATION, INT, NUMBER, MODE, SEVERITY, TEXT }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h|d)");

    public final String name;
    public final Type type;
    /** Milliseconds for durations, Integer, Double or String otherwise. */
    public final Object defaultValue;
    public final double min;
    public final double max;
    public final String description;

    DetectorParam(String name, Type type, Object defaultValue, double min, double max, String description) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    /**
     * The typed value of {@code text} (a YAML scalar; {@code numeric} when YAML typed it as a
     * number). Throws {@link IllegalArgumentException} with a message fit for a policy error.
     */
    public Object coerce(String text, boolean numeric) {
        String v = text.trim();
        switch (type) {
            case DURATION: {
                Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new IllegalArgumentException(name + ": '" + v + "' is not a duration (a number and a unit: ms, s, m, h or d, e.g. 10m)");
                }
                double amount = Double.parseDouble(m.group(1));
                long unit = switch (m.group(2)) {
                    case "ms" -> 1L;
                    case "s", "sec" -> 1_000L;
                    case "m", "min" -> 60_000L;
                    case "h" -> 3_600_000L;
                    default -> 86_400_000L;
                };
                long millis = Math.round(amount * unit);
                checkRange(millis, v);
                return millis;
            }
            case INT: {
                if (!numeric || !v.replace("_", "").matches("-?\\d+")) {
                    throw new IllegalArgumentException(name + ": '" + v + "' is not a whole number");
                }
                long n = Long.parseLong(v.replace("_", ""));
                checkRange(n, v);
                return (int) n;
            }
            case NUMBER: {
                double d;
                try {
                    d = Double.parseDouble(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (!numeric || Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
                }
                checkRange(d, v);
                return d;
            }
            case MODE:
                return oneOf(v, "enforce", "shadow", "off");
            case SEVERITY:
                return oneOf(v, "low", "medium", "high", "critical");
            default:
                if (v.isEmpty()) {
                    throw new IllegalArgumentException(name + " must not be blank");
                }
                return v;
        }
    }

    private void checkRange(double value, String text) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + text + " is out of range (" + describeRange() + ")");
        }
    }

    private String oneOf(String v, String... allowed) {
        String lower = v.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new IllegalArgumentException(name + ": '" + v + "' is not one of " + String.join(", ", allowed));
    }

    /** The allowed range as a policy author reads it, e.g. {@code 1m to 7d}. */
    public String describeRange() {
        if (type == Type.DURATION) {
            return formatDuration((long) min) + " to " + formatDuration((long) max);
        }
        if (type == Type.INT) {
            return (long) min + " to " + (long) max;
        }
        if (type == Type.NUMBER) {
            return min + " to " + max;
        }
        return "";
    }

    /** {@code 10m}, {@code 1h}, {@code 90s}: the largest unit that divides the value. */
    public static String formatDuration(long millis) {
        if (millis % 86_400_000L == 0 && millis > 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0 && millis > 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0 && millis > 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1_000L == 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }
}
