package com.shopwatch.review;

import com.shopwatch.event.CommerceEvent;
import com.shopwatch.policy.RuleMatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds review flags from rule matches. */
public final class ReviewFlags {
    public static final String RULE = "rule";
    public static final String DETECTOR = "detector";

    private ReviewFlags() {}

    public static ReviewFlag fromMatch(RuleMatch match, CommerceEvent event, long detectionTime) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = flagId(event.eventId, match.rule().id(), match.policyVersion());
        f.source = RULE;
        f.itemType = event.type.code();
        f.itemId = event.itemId;
        f.accountId = event.accountId;
        f.country = event.country;
        f.language = event.language;
        f.ruleId = match.rule().id();
        f.ruleTitle = match.rule().title();
        f.severity = match.rule().severity().code();
        f.action = match.rule().action().code();
        f.queue = match.rule().queue();
        f.mode = match.rule().mode().code();
        f.policyVersion = match.policyVersion();
        f.evidence = match.evidence().toArray(new Evidence[0]);
        f.eventTimeMs = event.eventTime;
        f.eventTime = Instant.ofEpochMilli(event.eventTime).toString();
        f.detectionTimeMs = detectionTime;
        f.detectionTime = Instant.ofEpochMilli(detectionTime).toString();
        f.sourceEventId = event.eventId;
        return f;
    }

    /** Deterministic: a replayed event yields the same id, so downstream can de-duplicate. */
    public static String flagId(String eventId, String ruleId, String policyVersion) {
        String name = eventId + "\u0000" + ruleId + "\u0000" + policyVersion;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
