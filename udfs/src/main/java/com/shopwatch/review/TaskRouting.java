package com.shopwatch.review;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How tasks are prioritised and queued; built from job options, serializable into operators.
 *
 * <p><b>Priority</b> = severity weight of the highest severity × (1 + reach weight × log10(1 +
 * reach)) × (1 + history weight × log10(1 + account's other flagged items)) × confidence, where
 * reach is the largest crowd a reason saw (distinct reporters of a report storm, sellers of a
 * ring) and confidence is 1 for rule matches and, for detectors, how far past its threshold the
 * detector fired (observed ÷ threshold, between 1 and 3), the highest over the reasons. Rounded
 * to two decimals.
 *
 * <p><b>Queues</b>: {@code COUNTRY:language=queue} beats {@code COUNTRY=queue} beats
 * {@code *:language=queue}; otherwise {@code <country>-<language>} in lower case
 * ({@code sg-en}, {@code th-th}; {@code und} when the language is unknown).
 */
public final class TaskRouting implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Double> severityWeights;
    private final double reachWeight;
    private final double historyWeight;
    private final Map<String, String> queues;

    public TaskRouting(Map<String, Double> severityWeights, double reachWeight, double historyWeight, Map<String, String> queues) {
        this.severityWeights = new LinkedHashMap<>(severityWeights);
        this.reachWeight = reachWeight;
        this.historyWeight = historyWeight;
        this.queues = new LinkedHashMap<>(queues);
    }

    public static TaskRouting defaults() {
        return new TaskRouting(parseWeights("low=1,medium=2,high=4,critical=8"), 1.0, 1.0, Map.of());
    }

    /** {@code low=1,medium=2,high=4,critical=8}: every severity must be given, each ≥ 0. */
    public static Map<String, Double> parseWeights(String text) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("severity weight '" + part.trim() + "' is not severity=weight");
            }
            String severity = kv[0].trim().toLowerCase(Locale.ROOT);
            if (!severity.matches("low|medium|high|critical")) {
                throw new IllegalArgumentException("unknown severity '" + kv[0].trim() + "' (low, medium, high, critical)");
            }
            double v;
            try {
                v = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("severity weight '" + kv[1].trim() + "' for " + severity + " is not a number");
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("severity weight for " + severity + " must be >= 0, got " + kv[1].trim());
            }
            w.put(severity, v);
        }
        for (String s : new String[] {"low", "medium", "high", "critical"}) {
            if (!w.containsKey(s)) {
                throw new IllegalArgumentException("severity weights must give all of low, medium, high, critical; missing " + s);
            }
        }
        return w;
    }

    /** {@code SG=sg-moderation,MY:ms=my-malay,*:en=apac-english}; empty text means no overrides. */
    public static Map<String, String> parseQueues(String text) {
        Map<String, String> q = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return q;
        }
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("queue mapping '" + part.trim() + "' is not COUNTRY[:language]=queue");
            }
            String[] where = kv[0].trim().split(":", 2);
            String country = where[0].trim();
            if (!country.equals("*") && !country.matches("[A-Za-z]{2}")) {
                throw new IllegalArgumentException("queue mapping '" + part.trim() + "': '" + country + "' is not a country code or *");
            }
            String key = country.toUpperCase(Locale.ROOT) + (where.length == 2 ? ":" + where[1].trim().toLowerCase(Locale.ROOT) : "");
            q.put(key, kv[1].trim());
        }
        return q;
    }

    public String queue(String country, String language) {
        String c = country == null ? "ZZ" : country.toUpperCase(Locale.ROOT);
        String lang = language == null || language.isBlank() ? "und" : language.toLowerCase(Locale.ROOT);
        String primary = lang.split("-", 2)[0];
        for (String key : new String[] {c + ":" + lang, c + ":" + primary, c, "*:" + lang, "*:" + primary}) {
            String q = queues.get(key);
            if (q != null) {
                return q;
            }
        }
        return (c + "-" + primary).toLowerCase(Locale.ROOT);
    }

    public double priority(String highestSeverity, double reach, int accountFlaggedItems, double confidence) {
        double w = severityWeights.getOrDefault(highestSeverity, 1.0);
        double p = w * (1 + reachWeight * Math.log10(1 + Math.max(0, reach)))
                * (1 + historyWeight * Math.log10(1 + Math.max(0, accountFlaggedItems)))
                * Math.max(1.0, Math.min(3.0, confidence));
        return Math.round(p * 100) / 100.0;
    }
}
