package com.shopwatch.detect;

import com.shopwatch.policy.DetectorSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of emerging-term discovery, apart from Flink state: which terms of a closed
 * window are trends, and how the baseline moves. The baseline of a term is an exponentially
 * weighted mean of its per-window counts; a term never seen before has baseline 0, and lifts are
 * taken over at least 1, so a brand-new term needs {@code min_lift} × 1 events besides
 * {@code min_count}.
 */
public final class TermTrends {
    private TermTrends() {}

    /** One emerging term of a window. */
    public record Trend(String term, long count, double baseline, double lift) {}

    /** A baseline after {@code gap} windows ({@code gap - 1} of them empty) with this window's count. */
    public static double nextBaseline(double previous, long count, double alpha, long gap) {
        double decayed = previous * Math.pow(1 - alpha, Math.max(0, gap - 1));
        return alpha * count + (1 - alpha) * decayed;
    }

    /** The baseline a window is compared with: the stored one, decayed over empty windows. */
    public static double reference(Double stored, double alpha, long gap) {
        return stored == null ? 0.0 : stored * Math.pow(1 - alpha, Math.max(0, gap - 1));
    }

    /**
     * The trends of a closed window, highest lift first, at most {@code maxTrends}; none while the
     * country has fewer than {@code warmupWindows} windows of history.
     */
    public static List<Trend> select(Map<String, Long> counts, Map<String, Double> references,
            DetectorSettings.EmergingTerms s, long windowsOfHistory) {
        List<Trend> out = new ArrayList<>();
        if (windowsOfHistory < s.warmupWindows()) {
            return out;
        }
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            long count = c.getValue();
            if (count < s.minCount()) {
                continue;
            }
            double base = references.getOrDefault(c.getKey(), 0.0);
            double lift = count / Math.max(base, 1.0);
            if (lift >= s.minLift()) {
                out.add(new Trend(c.getKey(), count, base, lift));
            }
        }
        out.sort(Comparator.comparingDouble(Trend::lift).reversed()
                .thenComparing(Comparator.comparingLong(Trend::count).reversed())
                .thenComparing(Trend::term));
        return out.size() > s.maxTrends() ? new ArrayList<>(out.subList(0, s.maxTrends())) : out;
    }
}
