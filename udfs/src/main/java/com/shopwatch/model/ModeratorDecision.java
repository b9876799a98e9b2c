package com.shopwatch.model;


/**
 * One record of {@code moderation.decisions}: a moderator's decision on a review task (or a shadow
 * sample), validated. A Flink POJO.
 */
public class ModeratorDecision {
    public String taskId;
    /**
     * The reasons (rule ids or detector codes) the decision is about; empty means every reason of
     * the task.
     */
    public String[] reasons;
    /** {@link Decision#code()}. */
    public String decision;
    public String moderatorId;
    public long decidedAtMs;
    public RecordOrigin origin;

    public ModeratorDecision() {}

    public Decision verdict() {
        return Decision.fromCode(decision);
    }

    @Override
    public String toString() {
        return "ModeratorDecision{" + taskId + " " + decision + " by " + moderatorId + " at " + decidedAtMs + "}";
    }
}
