package com.shopwatch.metrics;

/**
 * One row of the metrics stream: the counts of one event-time window for one country × event
 * type. A later revision of the same (window, country, event type) replaces the earlier one;
 * dashboards upsert on that triple. A Flink POJO; serialized as snake_case JSON.
 */
public class MetricsRecord {
    /**
     * {@code traffic}: one country × event type (events, dead letters, flags); {@code rule}: one
     * rule × country (enforce and shadow flags); {@code detector}: one detector × country (fires
     * as enforce/shadow flags, late events); {@code trend}: one emerging term of a country;
     * {@code precision}: one rule (or detector) × country × mode, moderators' verdicts over the
     * trailing feedback window.
     */
    public String kind;
    /** Window start/end, ISO-8601 instants; the end is exclusive. */
    public String windowStart;
    public String windowEnd;
    public long windowStartMs;
    public String country;
    /** Traffic records. */
    public String eventType;
    /** Rule records. */
    public String ruleId;
    /** Detector records: the detector code; trend records: {@code emerging_terms}. */
    public String detector;
    /** Trend records: the term, its event count in the window, its baseline and count ÷ baseline. */
    public String term;
    public Long termCount;
    public Double baseline;
    public Double lift;
    /** Precision records: {@code enforce} (review tasks) or {@code shadow} (shadow samples). */
    public String mode;
    /** Precision records: {@code rule} or {@code detector}, and the newest judged policy version. */
    public String source;
    public String policyVersion;
    /** Precision records: decisions in the window, and violating ÷ (violating + not violating). */
    public Long decisionsViolating;
    public Long decisionsNotViolating;
    public Long decisionsEscalated;
    public Double precision;
    /** Precision records: the floor below which the rule alerts (its pack's, or the job's default). */
    public Double precisionFloor;
    public long eventsAccepted;
    public long deadLetters;
    /** Flags sent to review (enforce mode) and counted only (shadow mode). */
    public long flagsEnforced;
    public long flagsShadow;
    /** Traffic records: enforce-mode flags by severity. */
    public long flagsLow;
    public long flagsMedium;
    public long flagsHigh;
    public long flagsCritical;
    /** Traffic records: enforce-mode flags per accepted event of the window; null without events. */
    public Double flagRate;
    /**
     * Traffic records: detection latency of the window's enforce-mode flags (detection time −
     * event time, ms) at the 50th, 95th and 99th percentile; null without flags.
     */
    public Long latencyP50Ms;
    public Long latencyP95Ms;
    public Long latencyP99Ms;
    /** Accepted events that arrived after their own window had closed (counted here instead). */
    public long lateEvents;
    /** 0 for the first emission of a window, incremented by each late update. */
    public int revision;

    public MetricsRecord() {}

    @Override
    public String toString() {
        if ("precision".equals(kind)) {
            return "precision{" + windowEnd + " " + ruleId + "@" + country + "/" + mode + " violating=" + decisionsViolating
                    + " not=" + decisionsNotViolating + " escalated=" + decisionsEscalated + " precision=" + precision + "}";
        }
        if ("trend".equals(kind)) {
            return "trend{" + windowStart + " " + country + " '" + term + "' count=" + termCount + " baseline=" + baseline + " lift=" + lift + "}";
        }
        return kind + "{" + windowStart + " " + country + "/" + (ruleId != null ? ruleId : detector != null ? detector : eventType) + " accepted=" + eventsAccepted
                + " dlq=" + deadLetters + " enforced=" + flagsEnforced + " shadow=" + flagsShadow + " late=" + lateEvents + " rev=" + revision + "}";
    }
}
