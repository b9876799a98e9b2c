package com.shopwatch.feedback;

/** A reason of a task as the decisions join keeps it: what it is, and its latest decision, if any. A Flink POJO. */
public class JudgedReason {
    public String ruleId;
    public String source;
    public String mode;
    public String policyVersion;
    /** Null until a moderator decided on it. */
    public String decision;
    public long decidedAtMs;

    public JudgedReason() {}
}
