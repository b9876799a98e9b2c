package com.shopwatch.detect;

import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.policy.ContentLanguage;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import java.time.Instant;

/** Builds the review flag of a detector finding: the same record moderators get from rules. */
public final class DetectorFlags {
    private DetectorFlags() {}

    /** The item a detector flags, as seen in the event that put it in the finding. */
    public record FlaggedItem(String itemType, String itemId, String accountId, String country, String language,
            String languageDetected, double languageConfidence, String languageMethod, String eventId, long eventTime) {
        /** The item of the event that triggered the finding. */
        public static FlaggedItem of(CommerceEvent e) {
            return new FlaggedItem(e.type.code(), e.itemId, e.accountId, e.country, e.language, e.languageDetected,
                    e.languageConfidence, e.languageMethod, e.eventId, e.eventTime);
        }
    }

    /** The flag of a finding under the country's policy (its version names the flag; its default language may route it). */
    public static ReviewFlag flag(DetectorKind kind, DetectorSettings.Flagging flagging, CompiledCountryPolicy policy,
            FlaggedItem item, Evidence evidence, long detectionTime) {
        String policyVersion = policy.version();
        ReviewFlag f = new ReviewFlag();
        // The id names the item's event, the detector and the policy version: a replay of the
        // same stream flags the same ids, so downstream can de-duplicate.
        f.flagId = ReviewFlags.flagId(item.eventId(), kind.code(), policyVersion);
        f.source = ReviewFlags.DETECTOR;
        f.itemType = item.itemType();
        f.itemId = item.itemId();
        f.accountId = item.accountId();
        f.country = item.country();
        ContentLanguage.assign(f, item.language(), item.languageDetected(), item.languageConfidence(),
                item.languageMethod(), policy.defaultLanguage());
        f.ruleId = kind.code();
        f.ruleTitle = kind.title();
        f.severity = flagging.severity().code();
        f.action = "review";
        f.queue = flagging.queue();
        f.mode = flagging.mode();
        f.policyVersion = policyVersion;
        f.evidence = new Evidence[] {evidence};
        f.eventTimeMs = item.eventTime();
        f.eventTime = Instant.ofEpochMilli(item.eventTime()).toString();
        f.detectionTimeMs = detectionTime;
        f.detectionTime = Instant.ofEpochMilli(detectionTime).toString();
        f.sourceEventId = item.eventId();
        return f;
    }

    /** Evidence of a detector: what was counted, the threshold, the window and who else. */
    public static Evidence evidence(DetectorKind kind, String field, String rule, String observation, double observed,
            double threshold, long windowStart, long windowEnd, String[] related) {
        Evidence e = new Evidence(field, kind.code(), rule, observation, -1, -1);
        e.observed = observed;
        e.threshold = threshold;
        e.windowStart = Instant.ofEpochMilli(windowStart).toString();
        e.windowEnd = Instant.ofEpochMilli(windowEnd).toString();
        e.related = related == null || related.length == 0 ? null : related;
        return e;
    }
}
