package com.shopwatch.pipeline.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A listing found through two images of a ring is flagged once, with the same evidence in every replay. */
class OncePerFlagTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> harness() throws Exception {
        var h = StateBackends.forKeyedProcessFunction(new OncePerFlag(Duration.ofDays(7)), (ReviewFlag f) -> f.flagId,
                Types.STRING);
        return h;
    }

    private static ReviewFlag copy(String image) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = "flag-L1";
        f.itemId = "L1";
        f.ruleId = "duplicate_content";
        f.eventTimeMs = T0;
        f.evidence = new Evidence[] {new Evidence("image_hashes", "duplicate_content", "ring", "image " + image
                + " used by 3 distinct sellers", -1, -1)};
        return f;
    }

    @Test
    void copiesOfOneInstantGiveOneFlagWhicheverArrivesFirst() throws Exception {
        for (String[] order : new String[][] {{"bbb", "aaa"}, {"aaa", "bbb"}}) {
            var h = harness();
            h.processElement(copy(order[0]), T0 + 5_000);
            h.processElement(copy(order[1]), T0 + 5_000);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(T0 + 5_000));
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(f -> assertThat(f.evidence[0].matchedText).startsWith("image aaa"));
            // a copy found later (another ring recognised afterwards) is a repeat
            h.processElement(copy("ccc"), T0 + 9_000);
            h.processWatermark(new Watermark(T0 + 20_000));
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }
}
