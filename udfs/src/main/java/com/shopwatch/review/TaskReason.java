package com.shopwatch.review;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;

/** One reason of a review task: a rule match or a detector finding, with its evidence. A Flink POJO. */
public class TaskReason {
    /** {@code rule} or {@code detector}. */
    public String source;
    /** The rule id or detector code: a task holds each at most once per episode. */
    public String ruleId;
    public String ruleTitle;
    public String severity;
    public String action;
    public String policyVersion;
    /** {@code enforce} in review tasks; {@code shadow} in a shadow sample. */
    public String mode;
    /** The flag this reason came from (deterministic, see {@link ReviewFlags#flagId}). */
    public String flagId;
    public String eventTime;
    public long eventTimeMs;
    public long detectionTimeMs;
    public Evidence[] evidence;
    /**
     * The event time at which the reason became known: the event time of the flag's record, which
     * for a detector is the event that completed its finding (later than the item's own event).
     * Groups reasons into task revisions by event time only. Kept in state, not written out.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long knownAtMs;
    /**
     * The account's other flagged items its flag was annotated with: the task takes the highest of
     * the reasons it publishes, so a revision does not depend on which later flags arrived before
     * it was due. Kept in state, not written out.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int accountFlaggedItems;

    public TaskReason() {}

    public static TaskReason of(ReviewFlag f) {
        TaskReason r = new TaskReason();
        r.source = f.source;
        r.ruleId = f.ruleId;
        r.ruleTitle = f.ruleTitle;
        r.severity = f.severity;
        r.action = f.action;
        r.policyVersion = f.policyVersion;
        r.mode = f.mode;
        r.flagId = f.flagId;
        r.eventTime = f.eventTime;
        r.eventTimeMs = f.eventTimeMs;
        r.knownAtMs = f.eventTimeMs;
        r.accountFlaggedItems = f.accountFlaggedItems == null ? 0 : f.accountFlaggedItems;
        r.detectionTimeMs = f.detectionTimeMs;
        r.evidence = f.evidence;
        return r;
    }
}
