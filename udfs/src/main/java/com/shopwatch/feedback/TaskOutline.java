package com.shopwatch.feedback;

import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the decisions join keeps of a task: its country and each reason with its latest decision,
 * not the evidence. A Flink POJO.
 */
public class TaskOutline {
    public String taskId;
    public String country;
    public JudgedReason[] reasons = new JudgedReason[0];

    public TaskOutline() {}

    /** Adds the reasons of a (new revision of the) task that the outline does not hold yet. */
    public void merge(ReviewTask task) {
        taskId = task.taskId;
        country = task.country;
        List<JudgedReason> all = new ArrayList<>(Arrays.asList(reasons));
        for (TaskReason r : task.reasons) {
            if (reason(r.ruleId) == null) {
                JudgedReason j = new JudgedReason();
                j.ruleId = r.ruleId;
                j.source = r.source;
                j.mode = r.mode == null ? "enforce" : r.mode;
                j.policyVersion = r.policyVersion;
                all.add(j);
            }
        }
        reasons = all.toArray(new JudgedReason[0]);
    }

    /**
     * Applies a decision to the reasons it names (all when it names none) and appends what changes
     * in the counts to {@code out}: a first decision counts once; a newer, different decision
     * retracts the earlier one and counts itself; a repeat or an older decision changes nothing
     * (redelivered records and re-reviews arriving out of order are harmless).
     *
     * @return the named reasons this task does not have
     */
    public List<String> judge(ModeratorDecision d, List<Verdict> out) {
        List<String> unknown = new ArrayList<>();
        List<JudgedReason> targets = new ArrayList<>();
        if (d.reasons == null || d.reasons.length == 0) {
            targets.addAll(Arrays.asList(reasons));
        } else {
            for (String id : d.reasons) {
                JudgedReason r = reason(id);
                if (r == null) {
                    unknown.add(id);
                } else {
                    targets.add(r);
                }
            }
        }
        for (JudgedReason r : targets) {
            if (r.decision != null) {
                if (d.decidedAtMs < r.decidedAtMs || r.decision.equals(d.decision)) {
                    continue;
                }
                out.add(verdict(r, r.decision, r.decidedAtMs, -1));
            }
            r.decision = d.decision;
            r.decidedAtMs = d.decidedAtMs;
            out.add(verdict(r, d.decision, d.decidedAtMs, 1));
        }
        return unknown;
    }

    private Verdict verdict(JudgedReason r, String decision, long at, int weight) {
        Verdict v = new Verdict();
        v.taskId = taskId;
        v.ruleId = r.ruleId;
        v.source = r.source;
        v.mode = r.mode;
        v.country = country;
        v.policyVersion = r.policyVersion;
        v.decision = decision;
        v.decidedAtMs = at;
        v.weight = weight;
        return v;
    }

    public JudgedReason reason(String ruleId) {
        for (JudgedReason r : reasons) {
            if (r.ruleId.equals(ruleId)) {
                return r;
            }
        }
        return null;
    }

    public String ruleIds() {
        StringBuilder sb = new StringBuilder();
        for (JudgedReason r : reasons) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.ruleId);
        }
        return sb.toString();
    }
}
