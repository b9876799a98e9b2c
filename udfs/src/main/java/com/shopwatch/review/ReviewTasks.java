package com.shopwatch.review;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.NameBasedIds;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import com.shopwatch.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds a task's derived fields from its reasons: id, highest severity, priority, queue, summary. */
public final class ReviewTasks {
    private ReviewTasks() {}

    /** Deterministic: the same item and episode start always give the same id. */
    public static String taskId(String itemType, String itemId, long episodeStartMs) {
        String name = "task\u0000" + itemType + "\u0000" + itemId + "\u0000" + episodeStartMs;
        return NameBasedIds.uuid(name).toString();
    }

    /**
     * A shadow match sampled for moderators: a one-reason task whose id derives from the flag,
     * routed to the shadow variant of its queue, never escalated (shadow rules enforce nothing).
     */
    public static ReviewTask shadowSample(ReviewFlag flag, TaskRouting routing, long detectionTimeMs) {
        ReviewTask t = new ReviewTask();
        t.taskId = ShadowSampling.taskId(flag.flagId);
        t.itemType = flag.itemType;
        t.itemId = flag.itemId;
        t.accountId = flag.accountId;
        t.country = flag.country;
        t.language = flag.language;
        t.languageSource = flag.languageSource;
        t.languageDetected = flag.languageDetected;
        t.reasons = new TaskReason[] {TaskReason.of(flag)};
        t.firstEventTimeMs = flag.eventTimeMs;
        t.firstEventTime = Instant.ofEpochMilli(flag.eventTimeMs).toString();
        complete(t, routing, detectionTimeMs);
        t.escalated = false;
        t.queue = t.queue + SHADOW_QUEUE_SUFFIX;
        return t;
    }

    /** Shadow samples go to {@code <queue>-shadow}, apart from the tasks that enforce. */
    public static final String SHADOW_QUEUE_SUFFIX = "-shadow";

    /** Fills severity, priority, queue, escalation flag and summary from the reasons and the item. */
    public static void complete(ReviewTask t, TaskRouting routing, long detectionTimeMs) {
        Severity highest = Severity.LOW;
        double reach = 0;
        double confidence = 1;
        for (TaskReason r : t.reasons) {
            Severity s = Severity.valueOf(r.severity.toUpperCase(Locale.ROOT));
            if (s.compareTo(highest) > 0) {
                highest = s;
            }
            if (ReviewFlags.DETECTOR.equals(r.source) && r.evidence != null && r.evidence.length > 0) {
                Evidence e = r.evidence[0];
                if (e.observed != null && e.threshold != null && e.threshold > 0) {
                    confidence = Math.max(confidence, e.observed / e.threshold);
                    if (r.ruleId.equals("report_storm") || r.ruleId.equals("duplicate_content")) {
                        reach = Math.max(reach, e.observed);
                    }
                }
            }
        }
        t.severity = highest.code();
        t.escalated = highest == Severity.CRITICAL;
        t.priority = routing.priority(t.severity, reach, t.accountFlaggedItems, confidence);
        t.queue = routing.queue(t.country, t.language);
        t.summary = summary(t);
        t.updatedAtMs = detectionTimeMs;
        t.updatedAt = Instant.ofEpochMilli(detectionTimeMs).toString();
    }

    /**
     * One sentence a moderator can act on, e.g. {@code Listing L123 (SG, seller S9): E-cigarettes
     * are prohibited — matched 'ｖａｐｅ' in title; seller S9 created 41 listings in 10m.}
     */
    public static String summary(ReviewTask t) {
        boolean listing = "listing".equals(t.itemType);
        StringBuilder sb = new StringBuilder();
        sb.append(listing ? "Listing " : "Video ").append(t.itemId).append(" (").append(t.country);
        if (t.accountId != null) {
            sb.append(", ").append(listing ? "seller " : "creator ").append(t.accountId);
        }
        sb.append("): ");
        List<String> phrases = new ArrayList<>();
        for (TaskReason r : t.reasons) {
            phrases.add(phrase(r));
        }
        sb.append(String.join("; ", phrases)).append('.');
        return sb.toString();
    }

    private static String phrase(TaskReason r) {
        Evidence e = r.evidence == null || r.evidence.length == 0 ? null : r.evidence[0];
        if (ReviewFlags.DETECTOR.equals(r.source)) {
            return e != null && e.matchedText != null ? e.matchedText : r.ruleTitle;
        }
        String title = r.ruleTitle == null ? r.ruleId : r.ruleTitle;
        if (e == null) {
            return title;
        }
        if (("terms".equals(e.matcher) || "regex".equals(e.matcher)) && e.matchedText != null) {
            return title + " — matched '" + e.matchedText + "' in " + e.field;
        }
        if ("category".equals(e.matcher) && e.matchedText != null) {
            return title + " — category " + e.matchedText;
        }
        return title + (e.pattern != null ? " — " + e.pattern : "");
    }
}
