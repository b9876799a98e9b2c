package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import java.util.List;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.video;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.policy.PolicyUpdate;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EmergingTermDetectorTest extends OnBothStateBackends {
    private static final long W = 5 * MIN;

    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, MetricsRecord> harness() throws Exception {
        return DetectorFixtures.harness(new EmergingTermDetector(DetectorFixtures.packs(), LATENESS, TTL), EmergingTermDetector::key);
    }

    private static int n;

    private static void say(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, MetricsRecord> h,
            String country, long t, String caption, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            CommerceEvent e = video("V" + (++n), "C" + n, country, t + i);
            e.caption = caption;
            e.hashtags = null;
            h.processElement(e, e.eventTime);
        }
    }

    @Test
    void aTermThatJumpsAboveItsBaselineAfterWarmUpIsATrend() throws Exception {
        var h = harness();
        say(h, "MY", T0, "cheap phone deal", 10);
        say(h, "MY", T0 + 1000, "zestdrop early", 8);              // window 0: warm-up, never a trend
        say(h, "MY", T0 + W, "cheap phone deal", 10);
        say(h, "MY", T0 + 2 * W, "cheap phone deal", 12);
        say(h, "MY", T0 + 2 * W + 1000, "glimmerpuff", 6);
        say(h, "TH", T0 + 2 * W, "glimmerpuff", 6);                  // TH has no history: warm-up
        DetectorFixtures.watermark(h, T0 + 3 * W + LATENESS.toMillis());
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.kind).isEqualTo("trend");
            assertThat(r.detector).isEqualTo("emerging_terms");
            assertThat(r.country).isEqualTo("MY");
            assertThat(r.term).isEqualTo("glimmerpuff");
            assertThat(r.termCount).isEqualTo(6);
            assertThat(r.baseline).isEqualTo(0.0);
            assertThat(r.lift).isEqualTo(6.0);
            assertThat(r.windowStartMs).isEqualTo(T0 + 2 * W);
            assertThat(r.windowEnd).isEqualTo("2026-11-24T00:15:00Z");
        });
    }

    /**
     * The counts of a window are the same whether the detector ran through it or was restored
     * from a snapshot in the middle of it (its in-memory copy of the window is then gone).
     */
    @Test
    void aWindowSplitByARestoreCountsTheSameAsOneRunThrough() throws Exception {
        var whole = harness();
        var first = harness();
        for (var h : List.of(whole, first)) {
            say(h, "MY", T0, "cheap phone deal", 10);
            say(h, "MY", T0 + 1000, "zestdrop early", 8);
            say(h, "MY", T0 + W, "cheap phone deal", 10);
            say(h, "MY", T0 + 2 * W, "cheap phone deal", 6);
            say(h, "MY", T0 + 2 * W + 1000, "glimmerpuff", 3);
        }
        var snapshot = first.snapshot(1, 1);
        var restored = DetectorFixtures.restoredHarness(new EmergingTermDetector(DetectorFixtures.packs(), LATENESS, TTL),
                EmergingTermDetector::key, snapshot);
        for (var h : List.of(whole, restored)) {
            say(h, "MY", T0 + 2 * W + 2000, "cheap phone deal", 6);
            say(h, "MY", T0 + 2 * W + 3000, "glimmerpuff", 3);
            DetectorFixtures.watermark(h, T0 + 3 * W + LATENESS.toMillis());
        }
        assertThat(whole.extractOutputValues()).extracting(r -> r.term + "=" + r.termCount).containsExactly("glimmerpuff=6");
        assertThat(restored.extractOutputValues()).extracting(r -> r.term + "=" + r.termCount).containsExactly("glimmerpuff=6");
        assertThat(DetectorFixtures.stateEntries(restored)).isEqualTo(DetectorFixtures.stateEntries(whole));
    }

    @Test
    void aTermWithABaselineNeedsTheLiftAndCountsUnderMinCountAreNoise() throws Exception {
        var h = harness();
        for (int w = 0; w < 3; w++) {
            say(h, "MY", T0 + w * W, "steady phone", 4);
        }
        say(h, "MY", T0 + 3 * W, "steady phone", 9);   // baseline ~3.5: lift ~2.6 < 3
        say(h, "MY", T0 + 3 * W, "rare", 4);           // lift 4 but 4 < min_count 5
        say(h, "MY", T0 + 4 * W, "steady phone", 30);  // baseline ~6: lift ~5
        DetectorFixtures.watermark(h, T0 + 6 * W);
        assertThat(h.extractOutputValues()).extracting(r -> r.term + "@" + (r.windowStartMs - T0) / W)
                .containsExactlyInAnyOrder("steady@4", "phone@4");
    }

    @Test
    void lateEventsWithinTheBoundStillCountAndLaterOnesAreCountedAsLate() throws Exception {
        var h = harness();
        for (int w = 0; w < 2; w++) {
            say(h, "MY", T0 + w * W, "filler words", 1);
        }
        say(h, "MY", T0 + 2 * W, "snowkit", 4);
        DetectorFixtures.watermark(h, T0 + 3 * W + 30_000);      // window 2 ended, lateness not over
        say(h, "MY", T0 + 2 * W + 2000, "snowkit", 1);          // late but within the bound: counted
        DetectorFixtures.watermark(h, T0 + 3 * W + LATENESS.toMillis());
        assertThat(h.extractOutputValues()).extracting(r -> r.term + ":" + r.termCount).containsExactly("snowkit:5");
        say(h, "MY", T0 + 2 * W + 3000, "snowkit", 2);          // window 2 is closed: late
        assertThat(h.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS)).hasSize(2);
    }

    @Test
    void memoryIsBoundedAndQuietCountriesForgetTheirBaseline() throws Exception {
        var h = harness();
        h.processBroadcastElement(DetectorFixtures.push("global.yaml", DetectorFixtures.GLOBAL
                .replace("baseline_alpha: 0.5}", "baseline_alpha: 0.5, max_terms: 100}")), T0);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append("term").append((char) ('a' + i % 26)).append((char) ('a' + i / 26)).append(' ');
        }
        for (int i = 0; i < 10; i++) {
            say(h, "MY", T0, many.toString().replace("term", "t" + i), 1);   // 400 distinct terms
        }
        DetectorFixtures.watermark(h, T0 + W + LATENESS.toMillis());
        // Only terms seen at least twice enter the baseline, so the window's 100 singletons leave nothing.
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(2);   // first and last-closed window markers
    }

    @Test
    void countryOverridesApply() throws Exception {
        var h = harness();
        say(h, "SG", T0, "kelpfizz", 3);    // SG: 3 mentions suffice and no warm-up is needed
        say(h, "MY", T0, "kelpfizz", 3);
        DetectorFixtures.watermark(h, T0 + W + LATENESS.toMillis());
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.country).isEqualTo("SG");
            assertThat(r.term).isEqualTo("kelpfizz");
        });
    }
}
