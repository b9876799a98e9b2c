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
    /** Traffic series: the enforce-mode flag's severity ({@code low} … {@code critical}), or null. */
    public String severity;
    /** Traffic series: detection latency of an enforce-mode flag (detection time − event time), or -1. */
    public long latencyMs = -1;

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
            c.severity = f.severity;
            c.latencyMs = Math.max(0, f.detectionTimeMs - f.eventTimeMs);
        }
        return c;
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
