package com.shopwatch.pipeline.options;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;

/**
 * Renders the README's option table from {@link ShopwatchOptions}, so the documentation cannot
 * drift from the declarations: {@code bin/shopwatch options} prints it, JobOptionsTest fails when
 * the README's copy differs.
 */
public final class OptionsTable {
    private OptionsTable() {}

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /** {@code | option | default | meaning |} with one row per option, in declaration order. */
    public static String markdown() {
        StringBuilder table = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> option : ShopwatchOptions.ALL) {
            String shownDefault = displayDefault(option);
            table.append("| `--").append(option.key()).append("` | ")
                    .append(shownDefault == null ? "" : "`" + shownDefault + "`")
                    .append(" | ").append(ShopwatchOptions.description(option)).append(" |\n");
        }
        return table.toString();
    }

    /** The default as a user would type it ({@code 30 s}, {@code at-least-once}, {@code 10}); null when none. */
    static String displayDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return null;
        }
        Object value = option.defaultValue();
        if (value instanceof Duration duration) {
            return formatDuration(duration);
        }
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return String.valueOf(number.longValue());
        }
        if (value instanceof Enum<?> choice) {
            return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(value);
    }

    /**
     * In the largest unit that divides it, but days only from 2 d on: a day-long window reads
     * better as {@code 24 h}. (Flink's formatWithHighestUnit writes {@code 1 d} for it, and
     * DetectorParam.formatDuration writes {@code 1m}, unlike the README's {@code 1 min}.)
     */
    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0 s";
        }
        if (millis % 86_400_000L == 0 && Math.abs(millis) > 86_400_000L) {
            return millis / 86_400_000L + " d";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + " h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + " min";
        }
        if (millis % 1_000L == 0) {
            return millis / 1_000L + " s";
        }
        return millis + " ms";
    }
}
