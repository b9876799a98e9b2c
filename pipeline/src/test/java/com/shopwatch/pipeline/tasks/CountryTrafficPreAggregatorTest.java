package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.review.CountryTraffic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CountryTrafficPreAggregatorTest {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static OneInputStreamOperatorTestHarness<CommerceEvent, CountryTraffic> harness() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new CountryTrafficPreAggregator(Duration.ofMinutes(1)));
        h.open();
        return h;
    }

    private static void event(OneInputStreamOperatorTestHarness<CommerceEvent, CountryTraffic> h, String country, long t)
            throws Exception {
        h.processElement(DetectorFixtures.listing("L" + t, "S1", country, t), t);
    }

    /** Partial sums added up per country and window, as the counter would. */
    private static Map<String, Long> totals(List<CountryTraffic> partials) {
        Map<String, Long> totals = new TreeMap<>();
        partials.forEach(p -> totals.merge(p.country + "@" + (p.windowStart - T0) / MIN, p.events, Long::sum));
        return totals;
    }

    @Test
    void sumsPerCountryAndFlushesBeforeForwardingTheWatermark() throws Exception {
        var h = harness();
        for (int i = 0; i < 100; i++) {
            event(h, i % 4 == 0 ? "MY" : "SG", T0 + i * 100);
        }
        assertThat(h.getOutput()).isEmpty();
        h.processWatermark(T0 + 5_000);
        // One record per country, then the watermark: the counter has every partial before its timer fires.
        assertThat(h.getOutput()).hasSize(3).last().isEqualTo(new Watermark(T0 + 5_000));
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                new CountryTraffic("SG", T0, 75), new CountryTraffic("MY", T0, 25));
        h.processWatermark(T0 + 6_000);        // nothing pending: nothing sent
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void anOutOfOrderEventAcrossAWindowBoundaryKeepsTheSumsApart() throws Exception {
        var h = harness();
        event(h, "SG", T0 + MIN - 10);
        event(h, "SG", T0 + MIN + 10);         // the next window
        event(h, "SG", T0 + MIN - 5);          // back in the first, within the watermark's bound
        event(h, "SG", T0 + MIN + 20);
        h.processWatermark(T0 + MIN - 1);
        assertThat(totals(h.extractOutputValues())).containsExactly(Map.entry("SG@0", 2L), Map.entry("SG@1", 2L));
    }

    @Test
    void flushesBeforeACheckpointBarrierAndAtTheEndOfInput() throws Exception {
        var h = harness();
        event(h, "SG", T0);
        event(h, "SG", T0 + 1);
        h.prepareSnapshotPreBarrier(1);
        assertThat(h.extractOutputValues()).containsExactly(new CountryTraffic("SG", T0, 2));
        event(h, "TH", T0 + 2);
        h.endInput();
        assertThat(h.extractOutputValues()).containsExactly(new CountryTraffic("SG", T0, 2), new CountryTraffic("TH", T0, 1));
    }
}
