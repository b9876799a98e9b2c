package com.shopwatch.pipeline.tasks;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.review.Escalation;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskRouting;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ReviewTaskBuilderTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;
    private static final long SEC = 1_000L;
    private static int seq;

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> harness() throws Exception {
        TaskRouting routing = new TaskRouting(TaskRouting.parseWeights("low=1,medium=2,high=4,critical=8"), 1, 1,
                TaskRouting.parseQueues("SG=sg-moderation,*:th=thai-speakers"));
        var h = StateBackends.forKeyedProcessFunction(
                new ReviewTaskBuilder(Duration.ofSeconds(30), Duration.ofDays(7), routing), ReviewTaskBuilder::key, Types.STRING);
        h.open();
        return h;
    }

    static ReviewFlag rule(String item, String ruleId, String severity, long t, String matched) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = "flag-" + (++seq);
        f.source = "rule";
        f.itemType = "listing";
        f.itemId = item;
        f.accountId = "S9";
        f.country = "MY";
        f.language = "ms";
        f.ruleId = ruleId;
        f.ruleTitle = "Title of " + ruleId;
        f.severity = severity;
        f.action = "remove";
        f.mode = "enforce";
        f.policyVersion = "global@1";
        f.evidence = new Evidence[] {new Evidence("title", "terms", "x (list)", matched, 0, matched.length())};
        f.eventTimeMs = t;
        f.detectionTimeMs = t + 500;
        f.sourceEventId = "ev-" + seq;
        return f;
    }

    static ReviewFlag detector(String item, String code, String severity, long t, double observed, double threshold, String text) {
        ReviewFlag f = rule(item, code, severity, t, "");
        f.source = "detector";
        Evidence e = new Evidence("seller_id", code, "limit", text, -1, -1);
        e.observed = observed;
        e.threshold = threshold;
        f.evidence = new Evidence[] {e};
        return f;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> h, ReviewFlag f) throws Exception {
        h.processElement(f, f.eventTimeMs);
    }

    /**
     * A revision carries the account history of the reasons it publishes: a later flag that
     * arrived before the revision was due (its partition ran ahead) must not raise it. It did, so
     * one task in 88 000 of a 1 M-event replay had a history of 1 or 2 from run to run.
     */
    @Test
    void aRevisionCountsTheAccountHistoryOfItsOwnReasonsWhicheverFlagsArrivedBeforeItWasDue() throws Exception {
        ReviewFlag first = rule("L7", "vape-prohibited", "high", T0, "vape");
        first.accountFlaggedItems = 1;
        ReviewFlag later = detector("L7", "duplicate_content", "high", T0 + 45 * SEC, 3, 3, "image used by 3 sellers");
        later.accountFlaggedItems = 4;

        var inOrder = harness();
        send(inOrder, first);
        inOrder.processWatermark(new Watermark(T0 + 30 * SEC));
        send(inOrder, later);
        inOrder.processWatermark(new Watermark(T0 + 80 * SEC));

        var laterFirst = harness();
        send(laterFirst, first);
        send(laterFirst, later);
        laterFirst.processWatermark(new Watermark(T0 + 30 * SEC));
        laterFirst.processWatermark(new Watermark(T0 + 80 * SEC));

        for (var h : java.util.List.of(inOrder, laterFirst)) {
            assertThat(h.extractOutputValues()).extracting(t -> t.revision + ":" + t.accountFlaggedItems).containsExactly("0:1", "1:4");
        }
    }

    @Test
    void reasonsWithinTheMergeWindowBecomeOneTaskAndANewReasonLaterARevision() throws Exception {
        var h = harness();
        send(h, rule("L123", "vape-prohibited", "high", T0, "ｖａｐｅ"));
        send(h, detector("L123", "seller_velocity", "medium", T0 + 10 * SEC, 41, 30, "seller S9 created 41 listings in 10m"));
        send(h, rule("L123", "vape-prohibited", "high", T0 + 20 * SEC, "vape"));   // a repeat: nothing new
        h.processWatermark(new Watermark(T0 + 29 * SEC));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(new Watermark(T0 + 30 * SEC));
        assertThat(h.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.revision).isZero();
            assertThat(t.reasons).extracting(r -> r.ruleId).containsExactly("vape-prohibited", "seller_velocity");
            assertThat(t.severity).isEqualTo("high");
            assertThat(t.queue).isEqualTo("my-ms");
            assertThat(t.summary).isEqualTo("Listing L123 (MY, seller S9): Title of vape-prohibited — matched 'ｖａｐｅ' in title; "
                    + "seller S9 created 41 listings in 10m.");
            assertThat(t.firstEventTimeMs).isEqualTo(T0);
        });
        ReviewTask first = h.extractOutputValues().get(0);

        // The same rule again later: nothing. A new rule later: the same task, revision 1.
        send(h, rule("L123", "vape-prohibited", "high", T0 + 5 * 60 * SEC, "vape"));
        send(h, rule("L123", "weapons-prohibited", "critical", T0 + 6 * 60 * SEC, "pistol"));
        h.processWatermark(new Watermark(T0 + 7 * 60 * SEC));
        assertThat(h.extractOutputValues()).hasSize(2);
        ReviewTask second = h.extractOutputValues().get(1);
        assertThat(second.taskId).isEqualTo(first.taskId);
        assertThat(second.revision).isEqualTo(1);
        assertThat(second.reasons).extracting(r -> r.ruleId).containsExactly("vape-prohibited", "seller_velocity", "weapons-prohibited");
        assertThat(second.severity).isEqualTo("critical");
        assertThat(second.escalated).isTrue();
        assertThat(h.getSideOutput(ReviewTaskBuilder.ESCALATIONS)).singleElement().satisfies(r -> {
            Escalation e = r.getValue();
            assertThat(e.taskId).isEqualTo(first.taskId);
            assertThat(e.summary).isEqualTo(second.summary);
        });
    }

    @Test
    void anEscalationIsSentOnceAndTheEpisodeEndsAfterItsTtl() throws Exception {
        var h = harness();
        send(h, rule("V1", "weapons-prohibited", "critical", T0, "gun"));
        h.processWatermark(new Watermark(T0 + 31 * SEC));
        send(h, rule("V1", "wildlife", "high", T0 + 60 * SEC, "ivory"));
        h.processWatermark(new Watermark(T0 + 120 * SEC));
        assertThat(h.extractOutputValues()).extracting(t -> t.revision).containsExactly(0, 1);
        assertThat(h.getSideOutput(ReviewTaskBuilder.ESCALATIONS)).hasSize(1);
        String firstId = h.extractOutputValues().get(0).taskId;

        h.processWatermark(new Watermark(T0 + Duration.ofDays(8).toMillis()));
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
        send(h, rule("V1", "weapons-prohibited", "critical", T0 + Duration.ofDays(9).toMillis(), "gun"));
        h.processWatermark(new Watermark(T0 + Duration.ofDays(10).toMillis()));
        ReviewTask reopened = h.extractOutputValues().get(2);
        assertThat(reopened.revision).isZero();
        assertThat(reopened.taskId).isNotEqualTo(firstId);
        assertThat(h.getSideOutput(ReviewTaskBuilder.ESCALATIONS)).hasSize(2);
    }

    @Test
    void priorityGrowsWithSeverityReachHistoryAndDetectorConfidence() throws Exception {
        var h = harness();
        send(h, rule("A", "r", "low", T0, "x"));
        send(h, rule("B", "r", "critical", T0, "x"));
        ReviewFlag storm = detector("C", "report_storm", "high", T0, 99, 10, "video C reported by 99 distinct users in 30m");
        send(h, storm);
        ReviewFlag withHistory = rule("D", "r", "high", T0, "x");
        withHistory.accountFlaggedItems = 9;
        send(h, withHistory);
        ReviewFlag thai = rule("E", "r", "high", T0, "x");
        thai.language = "th";
        send(h, thai);
        ReviewFlag sg = rule("F", "r", "high", T0, "x");
        sg.country = "SG";
        send(h, sg);
        h.processWatermark(new Watermark(T0 + 31 * SEC));
        Map<String, ReviewTask> byItem = new java.util.TreeMap<>();
        h.extractOutputValues().forEach(t -> byItem.put(t.itemId, t));
        assertThat(byItem.get("A").priority).isEqualTo(1.0);
        assertThat(byItem.get("B").priority).isEqualTo(8.0);
        // high (4) x (1 + log10(100) = 3) x confidence min(3, 9.9) = 36
        assertThat(byItem.get("C").priority).isEqualTo(36.0);
        assertThat(byItem.get("D").priority).isEqualTo(8.0);                 // 4 x (1 + log10(10))
        assertThat(byItem.get("E").queue).isEqualTo("thai-speakers");
        assertThat(byItem.get("F").queue).isEqualTo("sg-moderation");
    }

    @Test
    void aDetectorReasonKnownAfterTheMergeWindowGoesToTheNextRevisionWhenEverItArrives() throws Exception {
        // The detector's flag names the item's event at T0 + 5 s, but its finding completed at
        // T0 + 40 s (the record's timestamp), after the first emission's window (T0 + 30 s). Arriving
        // before the watermark reaches T0 + 30 s (a faster partition), it still opens revision 1.
        var h = harness();
        h.processElement(rule("L-1", "weapons-prohibited", "high", T0, "gun"), T0);
        h.processElement(detector("L-1", "duplicate_content", "high", T0 + 5 * SEC, 4, 3, "image used by 4 sellers"), T0 + 40 * SEC);
        h.processWatermark(new Watermark(T0 + 30 * SEC));
        h.processWatermark(new Watermark(T0 + 80 * SEC));
        var tasks = h.extractOutputValues();
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).revision).isZero();
        assertThat(java.util.Arrays.stream(tasks.get(0).reasons).map(r -> r.ruleId)).containsExactly("weapons-prohibited");
        assertThat(tasks.get(1).revision).isEqualTo(1);
        assertThat(java.util.Arrays.stream(tasks.get(1).reasons).map(r -> r.ruleId))
                .containsExactly("weapons-prohibited", "duplicate_content");
    }
}
