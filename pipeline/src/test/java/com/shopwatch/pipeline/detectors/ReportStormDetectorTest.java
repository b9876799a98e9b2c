package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.model.ReviewFlag;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ReportStormDetectorTest extends OnBothStateBackends {
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return DetectorFixtures.harness(new ReportStormDetector(DetectorFixtures.packs(), LATENESS, TTL), ReportStormDetector::key);
    }

    private static void send(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h,
            String video, String reporter, String country, long t) throws Exception {
        CommerceEvent e = report(video, reporter, country, t);
        h.processElement(e, t);
    }

    @Test
    void aReporterFloodDoesNotMakeAStormButDistinctReportersDo() throws Exception {
        var h = harness();
        for (int i = 0; i < 20; i++) {
            send(h, "V1", "U-flood", "MY", T0 + i * 1000);
        }
        send(h, "V1", "U-2", "MY", T0 + MIN);
        send(h, "V1", "U-3", "MY", T0 + 2 * MIN);
        assertThat(h.extractOutputValues()).isEmpty();      // 3 distinct < 4
        send(h, "V1", "U-4", "MY", T0 + 3 * MIN);
        send(h, "V1", "U-5", "MY", T0 + 4 * MIN);           // the storm continues: no second flag
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.itemId).isEqualTo("V1");
            assertThat(f.ruleId).isEqualTo("report_storm");
            assertThat(f.evidence[0].observed).isEqualTo(4.0);
            assertThat(f.evidence[0].threshold).isEqualTo(4.0);
            assertThat(f.evidence[0].related).containsExactly("U-flood", "U-2", "U-3", "U-4");
            assertThat(f.evidence[0].matchedText).isEqualTo("video V1 reported by 4 distinct users in 30m (latest reason: scam)");
        });
    }

    @Test
    void reportersSpreadBeyondTheWindowDoNotAddUp() throws Exception {
        var h = harness();
        for (int i = 0; i < 8; i++) {
            send(h, "V2", "U-" + i, "MY", T0 + i * 11 * MIN);  // at most 3 in any 30 minutes
        }
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void countryOverridesApply() throws Exception {
        var h = harness();
        send(h, "V3", "U-1", "SG", T0);
        send(h, "V3", "U-2", "SG", T0 + MIN);   // SG: 2 distinct reporters are a storm, critical
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.severity).isEqualTo("critical");
            assertThat(f.policyVersion).isEqualTo("global@1+SG@1");
        });
    }

    @Test
    void lateReportsAreCountedAsLateAndQuietVideosLeaveNoState() throws Exception {
        var h = harness();
        send(h, "V4", "U-1", "MY", T0 + 20 * MIN);
        DetectorFixtures.watermark(h, T0 + 20 * MIN);
        send(h, "V4", "U-2", "MY", T0 + 19 * MIN + 30_000); // within lateness
        send(h, "V4", "U-3", "MY", T0);                      // beyond it
        assertThat(h.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS)).hasSize(1);
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(2);  // the reporter map and the window
        DetectorFixtures.watermark(h, T0 + 2 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
    }

    @Test
    void outOfOrderReportsCountInTheWindowTheyBelongTo() throws Exception {
        var h = harness();
        DetectorFixtures.watermark(h, T0 + 20 * MIN);
        // Four distinct reporters within ten minutes, arriving newest first.
        for (int i = 4; i >= 1; i--) {
            send(h, "V5", "U-" + i, "MY", T0 + 20 * MIN + i * MIN);
        }
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> assertThat(f.evidence[0].observed).isEqualTo(4.0));
    }
}
