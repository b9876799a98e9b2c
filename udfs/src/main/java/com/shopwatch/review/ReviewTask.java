package com.shopwatch.review;

/**
 * What a moderator works: one listing or video in one episode, with every reason that hit it
 * (rules and detectors), a priority, a queue and a one-sentence summary. A later reason updates
 * the task (same {@link #taskId}, higher {@link #revision}); consumers upsert on the id. A Flink
 * POJO; serialized as snake_case JSON.
 */
public class ReviewTask {
    /** Deterministic: item and the event time the episode began. */
    public String taskId;
    /** 0 for the first emission, then +1 for each update that adds reasons. */
    public int revision;
    public String itemType;
    public String itemId;
    public String accountId;
    public String country;
    /** The language the item is moderated in, which picks the queue; see {@link #languageSource}. */
    public String language;
    /** {@code producer}, {@code detected} or {@code country_default}, as on the flags. */
    public String languageSource;
    /** Without a producer tag: what the text was identified as; null otherwise. */
    public com.shopwatch.model.LanguageDetection languageDetected;
    public String queue;
    /** The highest severity among the reasons. */
    public String severity;
    public double priority;
    /** True when the highest severity is critical: the task also went to the escalation topic. */
    public boolean escalated;
    public String summary;
    public TaskReason[] reasons;
    /** Flagged accounts' history: other items of the account flagged before this one (capped). */
    public int accountFlaggedItems;
    public String firstEventTime;
    public long firstEventTimeMs;
    public String updatedAt;
    public long updatedAtMs;

    public ReviewTask() {}

    @Override
    public String toString() {
        return "ReviewTask{" + taskId + " r" + revision + " " + itemType + " " + itemId + " " + country + " " + severity
                + " p=" + priority + " reasons=" + (reasons == null ? 0 : reasons.length) + "}";
    }
}
