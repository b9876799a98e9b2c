package com.shopwatch.pipeline.tasks;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.review.CountryTraffic;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CountryTrafficCounterTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, CountryTraffic, CountryTraffic> harness() throws Exception {
        var h = StateBackends.forKeyedProcessFunction(
                new CountryTrafficCounter(Duration.ofMinutes(1)), t -> t.country, Types.STRING);
        h.open();
        return h;
    }

    private static void partial(KeyedOneInputStreamOperatorTestHarness<String, CountryTraffic, CountryTraffic> h, String country,
            long windowStart, long events) throws Exception {
        h.processElement(new CountryTraffic(country, windowStart, events), windowStart);
    }

    @Test
    void sumsThePartialsOfAWindowAndEmitsItWhenTheWatermarkPassesItsEnd() throws Exception {
        var h = harness();
        partial(h, "SG", T0, 3);
        partial(h, "SG", T0 + MIN, 7);        // the next window already has events...
        partial(h, "SG", T0, 2);              // ...and an out-of-order partial of the first one is still in time
        partial(h, "MY", T0, 4);
        h.processWatermark(T0 + MIN - 2);
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(T0 + MIN - 1);      // the last millisecond of the first window
        // each country's first window counted is partial: the job may have started inside it
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                CountryTraffic.partialWindow("SG", T0, 5), CountryTraffic.partialWindow("MY", T0, 4));
        h.processWatermark(T0 + 2 * MIN - 1);
        assertThat(h.extractOutputValues()).hasSize(3).last().isEqualTo(new CountryTraffic("SG", T0 + MIN, 7));
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aPartialForAnEmittedWindowCountsInTheWindowOpenAtTheWatermark() throws Exception {
        var h = harness();
        partial(h, "SG", T0, 10);
        h.processWatermark(T0 + MIN + 5_000);   // the first window is out
        partial(h, "SG", T0, 2);               // late: must not re-emit (and so shrink) the first window
        partial(h, "SG", T0 + MIN, 8);
        h.processWatermark(T0 + 2 * MIN - 1);
        assertThat(h.extractOutputValues()).containsExactly(
                CountryTraffic.partialWindow("SG", T0, 10), new CountryTraffic("SG", T0 + MIN, 10));
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
    }

    @Test
    void emptyWindowsEmitNothing() throws Exception {
        var h = harness();
        partial(h, "SG", T0, 1);
        partial(h, "SG", T0 + 5 * MIN, 1);
        h.processWatermark(T0 + 10 * MIN);
        assertThat(h.extractOutputValues()).extracting(t -> t.windowStart).containsExactly(T0, T0 + 5 * MIN);
    }

    @Test
    void onlyTheFirstWindowASubtaskCountsForACountryIsPartial() throws Exception {
        var h = harness();
        partial(h, "SG", T0 + MIN, 4);          // the first partial to arrive is for the later window...
        partial(h, "SG", T0, 6);                // ...but the earlier one is the first window counted
        h.processWatermark(T0 + 2 * MIN - 1);
        partial(h, "SG", T0 + 2 * MIN, 9);
        partial(h, "MY", T0 + 2 * MIN, 3);      // MY's first window: partial
        h.processWatermark(T0 + 3 * MIN - 1);
        assertThat(h.extractOutputValues()).containsExactly(CountryTraffic.partialWindow("SG", T0, 6),
                new CountryTraffic("SG", T0 + MIN, 4), new CountryTraffic("SG", T0 + 2 * MIN, 9),
                CountryTraffic.partialWindow("MY", T0 + 2 * MIN, 3));
    }

    @Test
    void afterARestoreTheFirstWindowOpenedIsTakenAsPartialWhichErrsTowardsEnforcing() throws Exception {
        var h = harness();
        partial(h, "SG", T0, 6);
        h.processWatermark(T0 + MIN - 1);
        partial(h, "SG", T0 + MIN, 4);          // counted, not yet emitted, when the checkpoint is taken
        var snapshot = h.snapshot(1L, 1L);
        h.close();
        var restored = StateBackends.unopenedKeyedProcessFunction(new CountryTrafficCounter(Duration.ofMinutes(1)),
                (CountryTraffic t) -> t.country, Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        partial(restored, "SG", T0 + MIN, 5);   // the window restored in progress is whole
        partial(restored, "SG", T0 + 2 * MIN, 7); // the first this subtask opens after the restart is taken as partial
        restored.processWatermark(T0 + 3 * MIN - 1);
        assertThat(restored.extractOutputValues()).containsExactly(new CountryTraffic("SG", T0 + MIN, 9),
                CountryTraffic.partialWindow("SG", T0 + 2 * MIN, 7));
    }
}
