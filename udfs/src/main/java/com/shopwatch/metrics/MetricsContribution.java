package com.shopwatch.metrics;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.model.ReviewFlag;

/**
 * One record's contribution to one metrics series: traffic of a country × event type, or the
 * flags of a rule × country. Small on purpose: only this crosses the keyBy shuffle to the
 * metrics aggregator, never the event. A Flink POJO.
 */
public class MetricsContribution {
    public static final String UNKNOWN = "unknown";
    public static final String TRAFFIC = "traffic";
    public static final String RULE = "rule";
    public static final String DETECTOR = "detector";

    /** {@link #TRAFFIC}, {@link #RULE} or {@link #DETECTOR}. */
    public String kind;
    public String country;
    /** Traffic series: the event type. */
    public String eventType;
    /** Rule series: the rule id. */
    public String ruleId;
    /** Detector series: the detector code. */
    public String detector;
    public long accepted;
    public long deadLetters;
    public long flagsEnforced;
    public long flagsShadow;
    /** Detector series: events too late for the detector's windows (counted, not evaluated). */
    public long lateEvents;
    /** Traffic series: enforce-mode flags by severity (one other than low, medium or high counts as critical; none, nowhere). */
    public long flagsLow;
    public long flagsMedium;
    public long flagsHigh;
    public long flagsCritical;
    /** Traffic series: detection latencies of enforce-mode flags (detection time − event time), in arrival order; null if none. */
    public long[] latenciesMs;

    public MetricsContribution() {}

    public static MetricsContribution traffic(String country, String eventType, long accepted, long deadLetters) {
        MetricsContribution c = new MetricsContribution();
        c.kind = TRAFFIC;
        c.country = country;
        c.eventType = eventType;
        c.accepted = accepted;
        c.deadLetters = deadLetters;
        return c;
    }

    /** Dead letters count under what was readable of them, or {@code unknown}. */
    public static MetricsContribution of(DecodedRecord r) {
        if (r.isAccepted()) {
            return traffic(r.event.country, r.event.type.code(), 1, 0);
        }
        String country = r.deadLetter.country == null ? UNKNOWN : r.deadLetter.country;
        String type = r.deadLetter.eventType == null ? UNKNOWN : r.deadLetter.eventType;
        return traffic(country, type, 0, 1);
    }

    /**
     * A flag counts in its country × event type series (see {@link #ruleSeries}); an enforce-mode
     * flag also by severity and with its detection latency.
     */
    public static MetricsContribution trafficFlag(ReviewFlag f) {
        MetricsContribution c = traffic(f.country, f.itemType, 0, 0);
        c.countFlag(f);
        if (c.flagsEnforced > 0) {
            if (f.severity != null) {
                switch (f.severity) {
                    case "low" -> c.flagsLow = 1;
                    case "medium" -> c.flagsMedium = 1;
                    case "high" -> c.flagsHigh = 1;
                    default -> c.flagsCritical = 1;
                }
            }
            c.latenciesMs = new long[] {Math.max(0, f.detectionTimeMs - f.eventTimeMs)};
        }
        return c;
    }

    /**
     * Adds {@code other} (a contribution to the same series and window) into this one: the
     * counts sum and the latencies follow this one's, so one record can stand for many.
     */
    public void add(MetricsContribution other) {
        accepted += other.accepted;
        deadLetters += other.deadLetters;
        flagsEnforced += other.flagsEnforced;
        flagsShadow += other.flagsShadow;
        lateEvents += other.lateEvents;
        flagsLow += other.flagsLow;
        flagsMedium += other.flagsMedium;
        flagsHigh += other.flagsHigh;
        flagsCritical += other.flagsCritical;
        if (other.latenciesMs != null) {
            if (latenciesMs == null) {
                latenciesMs = other.latenciesMs.clone();
            } else {
                long[] both = java.util.Arrays.copyOf(latenciesMs, latenciesMs.length + other.latenciesMs.length);
                System.arraycopy(other.latenciesMs, 0, both, latenciesMs.length, other.latenciesMs.length);
                latenciesMs = both;
            }
        }
    }

    /** A flag counts in its rule × country series. */
    public static MetricsContribution ruleSeries(ReviewFlag f) {
        MetricsContribution c = new MetricsContribution();
        c.kind = RULE;
        c.country = f.country;
        c.ruleId = f.ruleId;
        c.countFlag(f);
        return c;
    }

    /** A detector flag counts as a fire of its detector × country series. */
    public static MetricsContribution detectorSeries(ReviewFlag f) {
        MetricsContribution c = detector(f.ruleId, f.country);
        c.countFlag(f);
        return c;
    }

    /** An event that arrived too late for a detector's windows. */
    public static MetricsContribution detectorLate(String detector, String country) {
        MetricsContribution c = detector(detector, country);
        c.lateEvents = 1;
        return c;
    }

    private static MetricsContribution detector(String detector, String country) {
        MetricsContribution c = new MetricsContribution();
        c.kind = DETECTOR;
        c.country = country == null ? UNKNOWN : country;
        c.detector = detector;
        return c;
    }

    private void countFlag(ReviewFlag f) {
        if ("shadow".equals(f.mode)) {
            flagsShadow = 1;
        } else {
            flagsEnforced = 1;
        }
    }

    /** The aggregation key: one metrics series per kind × country × (event type | rule | detector). */
    public String key() {
        return kind + "|" + country + "|" + (RULE.equals(kind) ? ruleId : DETECTOR.equals(kind) ? detector : eventType);
    }
}
