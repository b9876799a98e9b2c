package com.shopwatch.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** What every review flag shares: its sources and its deterministic id. */
public final class ReviewFlags {
    public static final String RULE = "rule";
    public static final String DETECTOR = "detector";

    private ReviewFlags() {}

    /** Deterministic: a replayed event yields the same id, so downstream can de-duplicate. */
    public static String flagId(String eventId, String ruleId, String policyVersion) {
        String name = eventId + "\u0000" + ruleId + "\u0000" + policyVersion;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
