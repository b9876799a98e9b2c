package com.shopwatch.pipeline.feedback;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.feedback.Verdict;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskReason;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DecisionJoinTest extends OnBothStateBackends {
    static final long T0 = 1_795_478_400_000L;
    static final long MIN = 60_000L;

    private static KeyedTwoInputStreamOperatorTestHarness<String, ReviewTask, ModeratorDecision, Verdict> harness() throws Exception {
        var h = StateBackends.forKeyedCoProcessFunction(
                new DecisionJoin(Duration.ofMinutes(10), Duration.ofDays(30)), (ReviewTask t) -> t.taskId,
                (ModeratorDecision d) -> d.taskId, Types.STRING);
        h.open();
        return h;
    }

    static ReviewTask task(String id, String country, String... reasons) {
        ReviewTask t = new ReviewTask();
        t.taskId = id;
        t.country = country;
        t.reasons = new TaskReason[reasons.length];
        for (int i = 0; i < reasons.length; i++) {
            String[] p = reasons[i].split("/");
            TaskReason r = new TaskReason();
            r.ruleId = p[0];
            r.mode = p.length > 1 ? p[1] : "enforce";
            r.source = "rule";
            r.policyVersion = "SG@7";
            t.reasons[i] = r;
        }
        return t;
    }

    static ModeratorDecision decision(String taskId, String decision, long at, String... reasons) {
        ModeratorDecision d = new ModeratorDecision();
        d.taskId = taskId;
        d.decision = decision;
        d.moderatorId = "m-1";
        d.decidedAtMs = at;
        d.reasons = reasons;
        return d;
    }

    private static List<String> verdicts(KeyedTwoInputStreamOperatorTestHarness<String, ReviewTask, ModeratorDecision, Verdict> h) {
        return h.extractOutputValues().stream()
                .map(v -> v.taskId + ":" + v.ruleId + "@" + v.country + "/" + v.mode + "=" + v.decision + (v.weight < 0 ? "(-)" : ""))
                .toList();
    }

    private static List<DeadLetter> unmatched(KeyedTwoInputStreamOperatorTestHarness<String, ReviewTask, ModeratorDecision, Verdict> h) {
        var side = h.getSideOutput(DecisionJoin.UNMATCHED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aDecisionOnAKnownTaskJudgesEachOfItsReasons() throws Exception {
        var h = harness();
        h.processElement1(task("t1", "SG", "vape", "seller_velocity"), T0);
        h.processElement2(decision("t1", "violating", T0 + MIN), T0 + MIN);
        assertThat(verdicts(h)).containsExactly("t1:vape@SG/enforce=violating", "t1:seller_velocity@SG/enforce=violating");
    }

    @Test
    void aDecisionThatOvertakesItsTaskWaitsForIt() throws Exception {
        var h = harness();
        h.processElement2(decision("t2", "not_violating", T0, "vape"), T0);
        h.processBothWatermarks(new Watermark(T0 + 5 * MIN));
        assertThat(verdicts(h)).isEmpty();
        h.processElement1(task("t2", "MY", "vape"), T0 - MIN);
        assertThat(verdicts(h)).containsExactly("t2:vape@MY/enforce=not_violating");
        h.processBothWatermarks(new Watermark(T0 + 20 * MIN));
        assertThat(unmatched(h)).isEmpty();
    }

    @Test
    void aDecisionOnAnUnknownTaskIsDeadLetteredAfterTheWait() throws Exception {
        var h = harness();
        h.processElement2(decision("ghost", "violating", T0), T0);
        h.processBothWatermarks(new Watermark(T0 + 9 * MIN));
        assertThat(unmatched(h)).isEmpty();
        h.processBothWatermarks(new Watermark(T0 + 10 * MIN));
        assertThat(unmatched(h)).singleElement().satisfies(d -> {
            assertThat(d.reason).isEqualTo("unknown_task");
            assertThat(d.field).isEqualTo("task_id");
            assertThat(d.error).contains("ghost").contains("m-1");
            assertThat(d.payload).contains("\"task_id\":\"ghost\"");
        });
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
        // The task showing up later still opens normally.
        h.processElement1(task("ghost", "SG", "vape"), T0 + 11 * MIN);
        assertThat(verdicts(h)).isEmpty();
    }

    @Test
    void unknownReasonsAreDeadLetteredAndTheRestCounts() throws Exception {
        var h = harness();
        h.processElement1(task("t3", "TH", "vape", "price_anomaly"), T0);
        h.processElement2(decision("t3", "violating", T0 + MIN, "vape", "counterfeit"), T0 + MIN);
        assertThat(verdicts(h)).containsExactly("t3:vape@TH/enforce=violating");
        h.processBothWatermarks(new Watermark(T0 + 10 * MIN));
        assertThat(unmatched(h)).isEmpty();                         // a revision may still bring it
        h.processBothWatermarks(new Watermark(T0 + 11 * MIN));
        assertThat(unmatched(h)).singleElement().satisfies(d -> {
            assertThat(d.reason).isEqualTo("unknown_reason");
            assertThat(d.error).contains("[counterfeit]").contains("vape, price_anomaly").contains("other reasons it named were counted");
            assertThat(d.payload).contains("\"reasons\":[\"counterfeit\"]");
        });
    }

    @Test
    void aReasonNamedBeforeItsRevisionArrivedCountsWhenItArrives() throws Exception {
        var h = harness();
        h.processElement1(task("t6", "SG", "vape"), T0);
        h.processElement2(decision("t6", "escalated", T0 + MIN, "report_storm"), T0 + MIN);
        assertThat(verdicts(h)).isEmpty();
        h.processElement1(task("t6", "SG", "vape", "report_storm"), T0 + 2 * MIN);
        assertThat(verdicts(h)).containsExactly("t6:report_storm@SG/enforce=escalated");
        h.processBothWatermarks(new Watermark(T0 + 30 * MIN));
        assertThat(unmatched(h)).isEmpty();
        assertThat(StateBackends.keyedStateEntries(h)).isEqualTo(1);           // the outline only
    }

    @Test
    void aReReviewRetractsTheEarlierVerdictAndRepeatsAreIgnored() throws Exception {
        var h = harness();
        h.processElement1(task("t4", "SG", "vape"), T0);
        h.processElement2(decision("t4", "violating", T0 + MIN), T0 + MIN);
        h.processElement2(decision("t4", "violating", T0 + MIN), T0 + MIN);          // redelivered
        h.processElement2(decision("t4", "not_violating", T0 + 2 * MIN), T0 + 2 * MIN); // appeal overturned
        assertThat(verdicts(h)).containsExactly("t4:vape@SG/enforce=violating", "t4:vape@SG/enforce=violating(-)",
                "t4:vape@SG/enforce=not_violating");
    }

    @Test
    void shadowSamplesAreJudgedAsShadowAndRevisionsAddReasons() throws Exception {
        var h = harness();
        h.processElement1(task("s1", "VN", "new-vape-rule/shadow"), T0);
        h.processElement2(decision("s1", "not_violating", T0 + MIN), T0 + MIN);
        h.processElement1(task("t5", "SG", "vape"), T0);
        h.processElement1(task("t5", "SG", "vape", "report_storm"), T0 + MIN);     // revision 1
        h.processElement2(decision("t5", "escalated", T0 + 2 * MIN, "report_storm"), T0 + 2 * MIN);
        assertThat(verdicts(h)).containsExactly("s1:new-vape-rule@VN/shadow=not_violating", "t5:report_storm@SG/enforce=escalated");
    }
}
