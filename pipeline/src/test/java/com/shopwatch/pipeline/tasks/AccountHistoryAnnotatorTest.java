package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The account's history is counted in event time, so arrival order across partitions does not change it. */
class AccountHistoryAnnotatorTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> harness() throws Exception {
        var h = StateBackends.forKeyedProcessFunction(new AccountHistoryAnnotator(Duration.ofDays(30)),
                (ReviewFlag f) -> f.accountId, Types.STRING);
        return h;
    }

    private static ReviewFlag flag(String item, long t) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = "flag-" + item + "-" + t;
        f.itemType = "listing";
        f.itemId = item;
        f.accountId = "S1";
        f.eventTimeMs = t;
        return f;
    }

    private static List<String> run(List<ReviewFlag> arrivals) throws Exception {
        var h = harness();
        for (ReviewFlag f : arrivals) {
            h.processElement(f, f.eventTimeMs);
        }
        assertThat(h.extractOutputValues()).as("flags wait for the watermark").isEmpty();
        h.processWatermark(new Watermark(T0 + 10_000));
        return h.extractOutputValues().stream().map(f -> f.itemId + ":" + f.accountFlaggedItems).toList();
    }

    @Test
    void eachFlagCountsTheItemsFlaggedBeforeItInEventTimeWhateverTheArrivalOrder() throws Exception {
        ReviewFlag a = flag("A", T0);
        ReviewFlag b = flag("B", T0 + 1_000);
        ReviewFlag b2 = flag("B", T0 + 2_000); // the same item again: not another item
        ReviewFlag c = flag("C", T0 + 3_000);
        List<String> inOrder = run(List.of(a, b, b2, c));
        assertThat(inOrder).containsExactly("A:0", "B:1", "B:1", "C:2");
        assertThat(run(List.of(c, b2, a, b))).isEqualTo(inOrder);
    }

    @Test
    void flagsOfOneInstantGoInFlagIdOrder() throws Exception {
        ReviewFlag x = flag("X", T0);
        ReviewFlag y = flag("Y", T0);
        assertThat(run(List.of(y, x))).containsExactly("X:0", "Y:0");
    }
}
