package com.shopwatch.feedback;

import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.review.ShadowSampling;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskReason;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrecisionFeedbackTest {
    private static final long H = 3_600_000L;
    private static final long T0 = 1_795_478_400_000L;

    static ReviewTask task(String id, String country, String... reasonIdsAndModes) {
        ReviewTask t = new ReviewTask();
        t.taskId = id;
        t.country = country;
        List<TaskReason> reasons = new ArrayList<>();
        for (String spec : reasonIdsAndModes) {
            TaskReason r = new TaskReason();
            String[] p = spec.split("/");
            r.ruleId = p[0];
            r.mode = p.length > 1 ? p[1] : "enforce";
            r.source = r.ruleId.contains("_") ? "detector" : "rule";
            r.policyVersion = "v1";
            reasons.add(r);
        }
        t.reasons = reasons.toArray(new TaskReason[0]);
        return t;
    }

    static ModeratorDecision decision(String taskId, String decision, long at, String... reasons) {
        ModeratorDecision d = new ModeratorDecision();
        d.taskId = taskId;
        d.decision = decision;
        d.decidedAtMs = at;
        d.moderatorId = "m";
        d.reasons = reasons;
        return d;
    }

    @Test
    void aDecisionJudgesTheReasonsItNamesOrAllOfThem() {
        TaskOutline o = new TaskOutline();
        o.merge(task("t", "SG", "vape", "seller_velocity"));
        List<Verdict> out = new ArrayList<>();
        assertThat(o.judge(decision("t", "violating", T0), out)).isEmpty();
        assertThat(out).extracting(v -> v.ruleId + ":" + v.decision + ":" + v.weight + ":" + v.source)
                .containsExactly("vape:violating:1:rule", "seller_velocity:violating:1:detector");
        out.clear();
        // A re-review changes one reason: the earlier verdict is retracted at its own time.
        List<String> unknown = o.judge(decision("t", "not_violating", T0 + H, "seller_velocity", "ghost"), out);
        assertThat(unknown).containsExactly("ghost");
        assertThat(out).extracting(v -> v.ruleId + ":" + v.decision + ":" + v.weight + ":" + v.decidedAtMs)
                .containsExactly("seller_velocity:violating:-1:" + T0, "seller_velocity:not_violating:1:" + (T0 + H));
        out.clear();
        // Redelivered, and older, decisions change nothing.
        o.judge(decision("t", "not_violating", T0 + H, "seller_velocity"), out);
        o.judge(decision("t", "violating", T0 + 1, "seller_velocity"), out);
        assertThat(out).isEmpty();
    }

    @Test
    void aLaterRevisionAddsReasonsAndKeepsTheirDecisions() {
        TaskOutline o = new TaskOutline();
        o.merge(task("t", "TH", "vape"));
        o.judge(decision("t", "violating", T0), new ArrayList<>());
        o.merge(task("t", "TH", "vape", "price_anomaly"));
        assertThat(o.reasons).extracting(r -> r.ruleId + "=" + r.decision).containsExactly("vape=violating", "price_anomaly=null");
    }

    @Test
    void precisionRollsOverTheWindowAndRetractionsOnlyTouchTheirBucket() {
        PrecisionWindow w = PrecisionWindow.of(24 * H);
        for (int i = 0; i < 6; i++) {
            w.add(verdict("violating", T0 + i * H, 1));
        }
        for (int i = 0; i < 4; i++) {
            w.add(verdict("not_violating", T0 + 10 * H, 1));
        }
        w.add(verdict("escalated", T0 + 10 * H, 1));
        long end = T0 + 24 * H;
        assertThat(PrecisionWindow.precision(w.totals(end))).isEqualTo(0.6);
        assertThat(w.totals(end)[2]).isEqualTo(1);
        assertThat(w.totals(T0 + 3 * H)).containsExactly(3, 0, 0);    // a report for 03:00 counts nothing decided later
        w.add(verdict("violating", T0, -1));                 // re-reviewed: one early verdict withdrawn
        w.add(verdict("not_violating", T0 + 11 * H, 1));
        assertThat(w.totals(end)).containsExactly(5, 5, 1);
        w.expire(T0 + 24 * H + 3 * H);                       // buckets of hours 0..2 have left the window
        assertThat(w.totals(end + 3 * H)[0]).isEqualTo(3);
        assertThat(PrecisionWindow.precision(w.totals(end + 3 * H))).isEqualTo(3.0 / 8);
        w.add(verdict("violating", T0, -1));                 // its bucket is gone: nothing to retract
        assertThat(w.totals(end + 3 * H)[0]).isEqualTo(3);
        w.expire(T0 + 40 * H);
        assertThat(w.isEmpty()).isTrue();
        assertThat(PrecisionWindow.precision(w.totals(T0 + 40 * H))).isNull();
    }

    @Test
    void shadowSamplingIsDeterministicAndNearItsRate() {
        long sampled = IntStream.range(0, 20_000).filter(i -> ShadowSampling.sampled("flag-" + i, 0.05)).count();
        assertThat(sampled).isBetween(850L, 1150L);
        assertThat(ShadowSampling.sampled("flag-1", 0)).isFalse();
        assertThat(ShadowSampling.sampled("flag-1", 1)).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(ShadowSampling.sampled("f" + i, 0.3)).isEqualTo(ShadowSampling.sampled("f" + i, 0.3));
        }
        assertThat(ShadowSampling.taskId("f1")).isEqualTo(ShadowSampling.taskId("f1")).isNotEqualTo(ShadowSampling.taskId("f2"));
    }

    private static Verdict verdict(String decision, long at, int weight) {
        Verdict v = new Verdict();
        v.ruleId = "vape";
        v.country = "SG";
        v.mode = "enforce";
        v.decision = decision;
        v.decidedAtMs = at;
        v.weight = weight;
        v.source = "rule";
        v.policyVersion = "v1";
        return v;
    }
}
