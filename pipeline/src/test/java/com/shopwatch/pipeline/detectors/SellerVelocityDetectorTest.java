package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import static com.shopwatch.pipeline.testing.DetectorFixtures.DAY;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static com.shopwatch.pipeline.testing.DetectorFixtures.video;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.model.ReviewFlag;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SellerVelocityDetectorTest extends OnBothStateBackends {
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return DetectorFixtures.harness(new SellerVelocityDetector(DetectorFixtures.packs(), LATENESS, TTL),
                SellerVelocityDetector::key);
    }

    private static void list(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h,
            String seller, String country, int n, long from, long step) throws Exception {
        for (int i = 0; i < n; i++) {
            CommerceEvent e = listing(seller + "-L" + i + "-" + from, seller, country, from + i * step);
            h.processElement(e, e.eventTime);
        }
    }

    @Test
    void theListingThatCrossesTheLimitIsFlaggedOnceWithEvidence() throws Exception {
        var h = harness();
        list(h, "S-MY-1", "MY", 5, T0, MIN);          // MY uses the global limit: 5 is allowed
        assertThat(h.extractOutputValues()).isEmpty();
        list(h, "S-MY-1", "MY", 3, T0 + 5 * MIN, 10_000); // the 6th crosses it; 7th and 8th continue the episode
        assertThat(h.extractOutputValues()).hasSize(1);
        ReviewFlag f = h.extractOutputValues().get(0);
        assertThat(f.source).isEqualTo("detector");
        assertThat(f.ruleId).isEqualTo("seller_velocity");
        assertThat(f.accountId).isEqualTo("S-MY-1");
        assertThat(f.country).isEqualTo("MY");
        assertThat(f.policyVersion).isEqualTo("global@1");
        assertThat(f.severity).isEqualTo("medium");
        assertThat(f.queue).isEqualTo("abuse-velocity");
        assertThat(f.evidence).hasSize(1);
        assertThat(f.evidence[0].observed).isEqualTo(6.0);
        assertThat(f.evidence[0].threshold).isEqualTo(5.0);
        assertThat(f.evidence[0].matchedText).isEqualTo("seller S-MY-1 created 6 listings in 10m");
        assertThat(f.evidence[0].related).hasSize(6).contains(f.itemId);
        assertThat(f.evidence[0].windowStart).isNotNull();
    }

    @Test
    void countsAreKeptPerWindowSoASlowSellerIsNeverFlagged() throws Exception {
        var h = harness();
        list(h, "S-MY-2", "MY", 30, T0, 3 * MIN);     // 30 listings, but at most 4 in any 10 minutes
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void newAccountsAndCountryOverridesGetTheirOwnLimits() throws Exception {
        var h = harness();
        for (int i = 0; i < 4; i++) {
            CommerceEvent e = listing("N" + i, "S-MY-new", "MY", T0 + i * MIN);
            e.sellerCreatedAt = e.eventTime - 3 * DAY;
            h.processElement(e, e.eventTime);
        }
        list(h, "S-SG-1", "SG", 4, T0, MIN);           // SG: max_listings 3
        list(h, "S-MY-3", "MY", 4, T0, MIN);           // MY: 4 is fine
        assertThat(h.extractOutputValues()).extracting(f -> f.accountId + ":" + f.evidence[0].threshold)
                .containsExactlyInAnyOrder("S-MY-new:3.0", "S-SG-1:3.0");
        assertThat(h.extractOutputValues().stream().filter(f -> f.accountId.equals("S-MY-new")).findFirst().orElseThrow()
                .evidence[0].matchedText).startsWith("new seller (3 days old) S-MY-new created 4 listings");
    }

    @Test
    void creatorsAreCountedOnVideosSeparatelyFromListings() throws Exception {
        var h = harness();
        for (int i = 0; i < 5; i++) {
            CommerceEvent v = video("V" + i, "C-MY-1", "MY", T0 + i * MIN);
            h.processElement(v, v.eventTime);
        }
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.itemType).isEqualTo("video");
            assertThat(f.evidence[0].matchedText).isEqualTo("creator C-MY-1 created 5 videos in 10m");
        });
    }

    @Test
    void outOfOrderEventsCountInTheWindowTheyBelongTo() throws Exception {
        var h = harness();
        DetectorFixtures.watermark(h, T0 + 10 * MIN);
        // Six listings within 10 minutes, arriving newest first.
        for (int i = 5; i >= 0; i--) {
            CommerceEvent e = listing("O" + i, "S-MY-4", "MY", T0 + 10 * MIN + i * MIN);
            h.processElement(e, e.eventTime);
        }
        assertThat(h.extractOutputValues()).hasSize(1);
    }

    @Test
    void eventsBeyondTheLatenessAreCountedAsLateNotEvaluated() throws Exception {
        var h = harness();
        DetectorFixtures.watermark(h, T0 + 30 * MIN);
        // Within the lateness: counted. Beyond it: reported as late.
        CommerceEvent onTime = listing("a", "S-MY-5", "MY", T0 + 30 * MIN - 30_000);
        h.processElement(onTime, onTime.eventTime);
        for (int i = 0; i < 6; i++) {
            CommerceEvent late = listing("late" + i, "S-MY-5", "MY", T0 + 20 * MIN + i * 1000);
            h.processElement(late, late.eventTime);
        }
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS)).hasSize(6)
                .allSatisfy(r -> {
                    MetricsContribution c = r.getValue();
                    assertThat(c.kind).isEqualTo("detector");
                    assertThat(c.detector).isEqualTo("seller_velocity");
                    assertThat(c.country).isEqualTo("MY");
                    assertThat(c.lateEvents).isEqualTo(1);
                });
    }

    @Test
    void stateIsClearedWhenTheSellerGoesQuietAndANewBurstIsANewEpisode() throws Exception {
        var h = harness();
        list(h, "S-MY-6", "MY", 6, T0, 10_000);
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(1);
        DetectorFixtures.watermark(h, T0 + 30 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        list(h, "S-MY-6", "MY", 6, T0 + 40 * MIN, 10_000);
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    /**
     * A subtask that started empty skips the reads of new accounts and of accounts gone quiet at
     * their clean-up; one restored from a snapshot reads them. Both count the same burst and
     * leave the same state.
     */
    @Test
    void aBurstSplitByARestoreIsFlaggedOnceAndItsStateClearedAsInOneRun() throws Exception {
        var whole = harness();
        var first = harness();
        for (var h : java.util.List.of(whole, first)) {
            list(h, "S-MY-9", "MY", 4, T0, 10_000);
            list(h, "S-MY-8", "MY", 1, T0, 10_000);             // quiet after one listing
        }
        var snapshot = first.snapshot(1, 1);
        var restored = DetectorFixtures.restoredHarness(new SellerVelocityDetector(DetectorFixtures.packs(), LATENESS, TTL),
                SellerVelocityDetector::key, snapshot);
        for (var h : java.util.List.of(whole, restored)) {
            list(h, "S-MY-9", "MY", 3, T0 + 2 * MIN, 10_000);  // the 5th is allowed, the 6th crosses the limit
            list(h, "S-MY-7", "MY", 2, T0 + 2 * MIN, 10_000);  // new after the restore
            assertThat(h.extractOutputValues()).extracting(f -> f.accountId).containsExactly("S-MY-9");
            assertThat(h.extractOutputValues().get(0).evidence[0].observed).isEqualTo(6.0);
            assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(3);
            DetectorFixtures.watermark(h, T0 + 30 * MIN);
            assertThat(DetectorFixtures.stateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anAlwaysActiveSellerHasOneCleanupTimerAndItsOldBucketsArePruned() throws Exception {
        var h = harness();
        // A listing every three minutes for three hours (under MY's limit of 5 per 10 minutes),
        // the watermark following: old buckets go as it passes them, and one timer is pending.
        for (int i = 0; i < 60; i++) {
            list(h, "S-MY-10", "MY", 1, T0 + i * 3 * MIN, MIN);
            DetectorFixtures.watermark(h, T0 + i * 3 * MIN);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
        assertThat(h.extractOutputValues()).isEmpty();
        // The counts of the window are still there: a burst now crosses the limit.
        list(h, "S-MY-10", "MY", 3, T0 + 180 * MIN, 1_000); // with 171, 174 and 177: 6
        assertThat(h.extractOutputValues()).singleElement()
                .satisfies(f -> assertThat(f.evidence[0].observed).isEqualTo(6.0));
        // Quiet: the one timer clears everything.
        DetectorFixtures.watermark(h, T0 + 240 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aPolicyPushChangesTheThresholds() throws Exception {
        var h = harness();
        list(h, "S-MY-7", "MY", 3, T0, MIN);
        assertThat(h.extractOutputValues()).isEmpty();
        h.processBroadcastElement(DetectorFixtures.push("global.yaml",
                DetectorFixtures.GLOBAL.replace("version: \"1\"", "version: \"2\"").replace("max_listings: 5", "max_listings: 2")), T0);
        list(h, "S-MY-7", "MY", 1, T0 + 4 * MIN, MIN);
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.policyVersion).isEqualTo("global@2");
            assertThat(f.evidence[0].threshold).isEqualTo(2.0);
        });
        // An invalid push is ignored: the last good thresholds stay.
        h.processBroadcastElement(DetectorFixtures.push("global.yaml", "pack: global\nversion: \"3\"\ndetectors: {seller_velocity: {max_listings: lots}}\n"), T0);
        list(h, "S-MY-8", "MY", 3, T0, MIN);
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void ifEventTimeStallsTheStateTtlStillExpiresTheCounts() throws Exception {
        var h = harness();
        h.setStateTtlProcessingTime(0);
        list(h, "S-MY-9", "MY", 5, T0, 10_000);
        // Checkpoints go on: the first writes back the counts held on the heap (the backend stamps
        // their TTL), the next lets go of them, unchanged since
        h.snapshot(1, 1);
        h.snapshot(2, 2);
        // No watermark ever comes (a stalled source): the cleanup timer cannot fire, the TTL can.
        h.setStateTtlProcessingTime(TTL.toMillis() + 1);
        list(h, "S-MY-9", "MY", 1, T0 + 60_000, 10_000);
        assertThat(h.extractOutputValues()).isEmpty(); // the five earlier listings expired: 1, not 6
        h.setStateTtlProcessingTime(TTL.toMillis() + 2);
        list(h, "S-MY-9", "MY", 5, T0 + 70_000, 1_000);
        assertThat(h.extractOutputValues()).hasSize(1);
    }
}
