package com.shopwatch.feedback;

/**
 * One reason of one task judged by a moderator, as the precision monitor counts it. A later
 * decision on the same reason replaces the earlier one: the earlier is retracted with
 * {@code weight -1} at its own decision time, the new one counted with {@code +1}. A Flink POJO.
 */
public class Verdict {
    public String taskId;
    /** The rule id or detector code. */
    public String ruleId;
    /** {@code rule} or {@code detector}. */
    public String source;
    /** {@code enforce} for review tasks, {@code shadow} for shadow samples. */
    public String mode;
    public String country;
    public String policyVersion;
    /** {@link Decision#code()}. */
    public String decision;
    public long decidedAtMs;
    public int weight;

    public Verdict() {}

    public static String key(Verdict v) {
        return v.ruleId + "|" + v.country + "|" + v.mode;
    }

    @Override
    public String toString() {
        return "Verdict{" + ruleId + "@" + country + "/" + mode + " " + decision + (weight < 0 ? " retracted" : "") + "}";
    }
}
