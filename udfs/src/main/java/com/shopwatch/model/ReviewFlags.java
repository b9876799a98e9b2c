package com.shopwatch.model;

/** What every review flag shares: its sources and its deterministic id. */
public final class ReviewFlags {
    public static final String RULE = "rule";
    public static final String DETECTOR = "detector";

    private ReviewFlags() {}

    /** Deterministic: a replayed event yields the same id, so downstream can de-duplicate. */
    public static String flagId(String eventId, String ruleId, String policyVersion) {
        String name = eventId + "\u0000" + ruleId + "\u0000" + policyVersion;
        return NameBasedIds.uuid(name).toString();
    }
}
