package com.shopwatch.review;

/** A critical task for the on-call policy lead: one line to read, the task id to open. A Flink POJO. */
public class Escalation {
    public String taskId;
    public int revision;
    public String itemType;
    public String itemId;
    public String country;
    public String queue;
    public double priority;
    public String[] ruleIds;
    /** One human sentence: the task's summary. */
    public String summary;
    public String at;

    public Escalation() {}

    public static Escalation of(ReviewTask t) {
        Escalation e = new Escalation();
        e.taskId = t.taskId;
        e.revision = t.revision;
        e.itemType = t.itemType;
        e.itemId = t.itemId;
        e.country = t.country;
        e.queue = t.queue;
        e.priority = t.priority;
        e.ruleIds = new String[t.reasons.length];
        for (int i = 0; i < t.reasons.length; i++) {
            e.ruleIds[i] = t.reasons[i].ruleId;
        }
        e.summary = t.summary;
        e.at = t.updatedAt;
        return e;
    }
}
