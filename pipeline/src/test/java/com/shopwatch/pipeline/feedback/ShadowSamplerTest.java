package com.shopwatch.pipeline.feedback;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.review.ShadowSampling;
import com.shopwatch.pipeline.tasks.FloodBreaker;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskRouting;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ShadowSamplerTest extends OnBothStateBackends {
    static final long T0 = 1_795_478_400_000L;   // 2026-11-24T00:00Z
    static final long DAY = 86_400_000L;
    static final TaskRouting ROUTING = new TaskRouting(TaskRouting.parseWeights("low=1,medium=2,high=4,critical=8"), 1, 1, Map.of());

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> harness(double rate, int min) throws Exception {
        var h = StateBackends.forKeyedProcessFunction(new ShadowSampler(rate, min, ROUTING), FloodBreaker::key, Types.STRING);
        h.open();
        return h;
    }

    private static ReviewFlag flag(String item, String rule, String country, String mode, long at) {
        ReviewFlag f = new ReviewFlag();
        f.source = "rule";
        f.itemType = "listing";
        f.itemId = item;
        f.ruleId = rule;
        f.ruleTitle = "Title of " + rule;
        f.severity = "low";
        f.action = "review";
        f.policyVersion = "global@1";
        f.evidence = new Evidence[] {new Evidence("price", "condition", "price < 5", "1.0", 0, 0)};
        f.eventTimeMs = at;
        f.language = "en";
        f.country = country;
        f.mode = mode;
        f.flagId = "flag-" + item + "-" + rule;
        return f;
    }

    @Test
    void theFirstMatchesOfEachRuleAndCountryPerDayAreAlwaysSampled() throws Exception {
        var h = harness(0, 3);
        for (int i = 0; i < 10; i++) {
            h.processElement(flag("L" + i, "cheap-phones", "SG", "shadow", T0 + i), T0 + i);
            h.processElement(flag("M" + i, "cheap-phones", "MY", "shadow", T0 + i), T0 + i);
            h.processElement(flag("E" + i, "vape", "SG", "enforce", T0 + i), T0 + i);   // enforced: never a sample
        }
        h.processElement(flag("N1", "cheap-phones", "SG", "shadow", T0 + DAY), T0 + DAY);   // a new day
        assertThat(h.extractOutputValues()).extracting(t -> t.itemId)
                .containsExactly("L0", "M0", "L1", "M1", "L2", "M2", "N1");
        assertThat(h.extractOutputValues()).allSatisfy(t -> {
            assertThat(t.taskId).isEqualTo(ShadowSampling.taskId("flag-" + t.itemId + "-cheap-phones"));
            assertThat(t.queue).endsWith("-shadow");
            assertThat(t.reasons).singleElement().satisfies(r -> assertThat(r.mode).isEqualTo("shadow"));
            assertThat(t.escalated).isFalse();
        });
    }

    @Test
    void beyondTheMinimumTheRateDecidesByTheFlagId() throws Exception {
        var h = harness(0.1, 0);
        IntStream.range(0, 2000).forEach(i -> {
            try {
                h.processElement(flag("L" + i, "cheap-phones", "SG", "shadow", T0 + i), T0 + i);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(h.extractOutputValues()).hasSizeBetween(150, 250)
                .allSatisfy(t -> assertThat(ShadowSampling.sampled("flag-" + t.itemId + "-cheap-phones", 0.1)).isTrue());
    }
}
