package com.shopwatch.review;

/** The state of one item's review task: what was emitted, what waits for the merge window. A Flink POJO. */
public class TaskEpisode {
    public String taskId;
    /** The revision last emitted; -1 before the first. */
    public int revision = -1;
    public String itemType;
    public String itemId;
    public String accountId;
    public String country;
    public String language;
    public String languageSource;
    public com.shopwatch.model.LanguageDetection languageDetected;
    public int accountFlaggedItems;
    /** Earliest event time of the first emission's reasons: part of the task id. */
    public long episodeStart = Long.MAX_VALUE;
    public long lastActivity = Long.MIN_VALUE;
    /** Event time at which the pending reasons are emitted; Long.MIN_VALUE when none pending. */
    public long mergeAt = Long.MIN_VALUE;
    public boolean escalated;
    public TaskReason[] reasons = new TaskReason[0];
    public TaskReason[] pending = new TaskReason[0];

    public TaskEpisode() {}

    /** True when the rule or detector is already a reason of this episode (emitted or pending). */
    public boolean knows(String ruleId) {
        for (TaskReason r : reasons) {
            if (r.ruleId.equals(ruleId)) {
                return true;
            }
        }
        for (TaskReason r : pending) {
            if (r.ruleId.equals(ruleId)) {
                return true;
            }
        }
        return false;
    }
}
