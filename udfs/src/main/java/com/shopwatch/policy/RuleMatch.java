package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import java.time.Instant;
import java.util.List;

/** A rule that matched an event, with the evidence of every matcher that matched. */
public final class RuleMatch {
    private final CompiledRule rule;
    private final String policyVersion;
    private final List<Evidence> evidence;
    private final String defaultLanguage;

    RuleMatch(CompiledRule rule, String policyVersion, String defaultLanguage, List<Evidence> evidence) {
        this.rule = rule;
        this.policyVersion = policyVersion;
        this.defaultLanguage = defaultLanguage;
        this.evidence = List.copyOf(evidence);
    }

    public CompiledRule rule() {
        return rule;
    }

    /** Version of the country's effective policy, e.g. {@code global@1+apac@2+SG@3}. */
    public String policyVersion() {
        return policyVersion;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    /** The review flag this match raises on {@code event}. */
    public ReviewFlag toFlag(CommerceEvent event, long detectionTime) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = ReviewFlags.flagId(event.eventId, rule.id(), policyVersion);
        f.source = ReviewFlags.RULE;
        f.itemType = event.type.code();
        f.itemId = event.itemId;
        f.accountId = event.accountId;
        f.country = event.country;
        ContentLanguage.assign(f, event.language, event.languageDetected, event.languageConfidence,
                event.languageMethod, defaultLanguage);
        f.ruleId = rule.id();
        f.ruleTitle = rule.title();
        f.severity = rule.severity().code();
        f.action = rule.action().code();
        f.queue = rule.queue();
        f.mode = rule.mode().code();
        f.policyVersion = policyVersion;
        f.evidence = evidence.toArray(new Evidence[0]);
        f.eventTimeMs = event.eventTime;
        f.eventTime = Instant.ofEpochMilli(event.eventTime).toString();
        f.detectionTimeMs = detectionTime;
        f.detectionTime = Instant.ofEpochMilli(detectionTime).toString();
        f.sourceEventId = event.eventId;
        f.ingestionTimeMs = event.ingestionTime;
        return f;
    }

    @Override
    public String toString() {
        return rule.id() + " " + evidence;
    }
}
