package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.model.ReviewFlag;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DuplicateContentDetectorTest extends OnBothStateBackends {
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return DetectorFixtures.harness(new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL),
                DuplicateContentDetector::key);
    }

    /** One in-order feed per harness (each test makes its own harness). */
    private final java.util.Map<Object, DetectorFixtures.InOrderFeed> feeds = new java.util.IdentityHashMap<>();

    private DetectorFixtures.InOrderFeed feed(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h) {
        return feeds.computeIfAbsent(h, x -> new DetectorFixtures.InOrderFeed(h));
    }

    private void send(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h, CommerceEvent e)
            throws Exception {
        feed(h).send(e);
    }

    private void advance(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h, long t)
            throws Exception {
        feed(h).advance(t);
    }

    private static CommerceEvent use(String item, String seller, String image, long t) {
        CommerceEvent e = listing(item, seller, "MY", t);
        e.imageHashes = new String[] {image};
        e.title = "Rolex Submariner AAA " + (item.hashCode() % 2 == 0 ? "copy" : "COPY");
        return e;
    }


    @Test
    void theThirdDistinctSellerRevealsTheRingAndEveryMemberIsFlaggedOnce() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "abc", T0));
        send(h, use("L2", "S1", "abc", T0 + MIN));      // same seller again: still one seller
        send(h, use("L3", "S2", "abc", T0 + 2 * MIN));
        assertThat(h.extractOutputValues()).isEmpty();
        send(h, use("L4", "S3", "abc", T0 + 3 * MIN));
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L1", "L2", "L3", "L4");
        ReviewFlag l1 = h.extractOutputValues().stream().filter(f -> f.itemId.equals("L1")).findFirst().orElseThrow();
        assertThat(l1.accountId).isEqualTo("S1");
        assertThat(l1.ruleId).isEqualTo("duplicate_content");
        assertThat(l1.severity).isEqualTo("high");
        assertThat(l1.evidence[0].observed).isEqualTo(3.0);
        assertThat(l1.evidence[0].matchedText).startsWith("image abc used by 3 distinct sellers in 1h")
                .contains("of their listings share this title");
        assertThat(l1.evidence[0].related).contains("S2", "S3").doesNotContain("S1");
        // Later members are flagged as they come; an update of a flagged listing is not re-flagged.
        send(h, use("L5", "S4", "abc", T0 + 4 * MIN));
        CommerceEvent update = use("L1", "S1", "abc", T0 + 5 * MIN);
        update.action = EventAction.UPDATED;
        send(h, update);
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L1", "L2", "L3", "L4", "L5");
    }

    @Test
    void sellersOutsideTheWindowDoNotMakeARing() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "img", T0));
        send(h, use("L2", "S2", "img", T0 + 50 * MIN));
        send(h, use("L3", "S3", "img", T0 + 120 * MIN));  // S1 is more than an hour before
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void usesArrivingOutOfOrderWithinTheWatermarkBoundMakeTheSameRingAsInOrder() throws Exception {
        // In event time S2, S4 and S3 use the image within an hour: the third seller, S3, reveals the ring.
        for (String[] order : new String[][] {{"L2", "L4", "L3"}, {"L3", "L2", "L4"}, {"L4", "L3", "L2"}}) {
            var h = harness();
            java.util.Map<String, CommerceEvent> uses = java.util.Map.of(
                    "L2", use("L2", "S2", "img", T0 + 10 * MIN),
                    "L4", use("L4", "S4", "img", T0 + 30 * MIN),
                    "L3", use("L3", "S3", "img", T0 + 50 * MIN));
            for (String item : order) {
                DetectorFixtures.send(h, uses.get(item)); // arrival order, the watermark still behind them all
            }
            assertThat(h.extractOutputValues()).isEmpty();
            advance(h, T0 + 50 * MIN);
            assertThat(h.extractOutputValues()).as(String.join(",", order)).extracting(f -> f.itemId)
                    .containsExactlyInAnyOrder("L2", "L3", "L4")
                    .hasSize(3);
            assertThat(h.extractOutputValues()).allSatisfy(f -> assertThat(f.evidence[0].observed).isEqualTo(3.0));
        }
    }

    @Test
    void differentImagesAreDifferentRings() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "a", T0));
        send(h, use("L2", "S2", "b", T0));
        send(h, use("L3", "S3", "c", T0));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void lateUsesAreCountedAsLateAndStateGoesWhenTheImageIsQuiet() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "x", T0));
        send(h, use("L2", "S2", "x", T0 + MIN));
        advance(h, T0 + 10 * MIN);
        send(h, use("L3", "S3", "x", T0 + 2 * MIN));     // 8 minutes behind the watermark: late
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS)).hasSize(1);
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(2);  // the image's members and size (its two sellers inline)
        advance(h, T0 + 3 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
    }

    /**
     * A subtask that started empty skips the reads of new images and of sole images at their
     * clean-up (it knows their state); one restored from a snapshot does not know what it
     * restored and reads. Both find the same ring and leave the same state: none once quiet.
     */
    @Test
    void aRingSplitByARestoreIsFoundAndItsStateClearedAsInOneRun() throws Exception {
        var whole = harness();
        var first = harness();
        for (var h : java.util.List.of(whole, first)) {
            send(h, use("L1", "S1", "ring", T0));
            send(h, use("L9", "S9", "solo", T0));             // one seller, one listing: sole
            send(h, use("L2", "S2", "ring", T0 + MIN));
        }
        var snapshot = first.snapshot(1, 1);
        var restored = DetectorFixtures.restoredHarness(new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL),
                DuplicateContentDetector::key, snapshot);
        feed(restored).advance(T0 + MIN);
        for (var h : java.util.List.of(whole, restored)) {
            send(h, use("L8", "S8", "solo", T0 + 2 * MIN));   // the restored sole image used again
            send(h, use("L3", "S3", "ring", T0 + 2 * MIN));   // the third seller: the ring
            send(h, use("L7", "S7", "fresh", T0 + 3 * MIN));  // an image new after the restore
            assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L1", "L2", "L3");
            assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(DetectorFixtures.stateEntries(whole));
        }
        assertThat(DetectorFixtures.stateEntries(whole)).isEqualTo(1 + 1 + 1 + 1 + 1); // ring: members and size (sellers inline); solo: two listings, size; fresh: size
        for (var h : java.util.List.of(whole, restored)) {
            advance(h, T0 + 3 * 60 * MIN);
            assertThat(DetectorFixtures.stateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
        }
    }

    @Test
    void soleImagesLeaveNoStateOnceQuietAndAreNotRingsWhenUsedAgainAfterTheirWindow() throws Exception {
        var h = harness();
        for (int i = 0; i < 50; i++) {
            send(h, use("L" + i, "S" + i, "img-" + i, T0 + i * 1000));
        }
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(50);
        advance(h, T0 + 3 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        // the images come back, each from two new sellers: the first use is gone, so no ring of three
        for (int i = 0; i < 50; i++) {
            send(h, use("M" + i, "T" + i, "img-" + i, T0 + 4 * 60 * MIN + i));
            send(h, use("N" + i, "U" + i, "img-" + i, T0 + 4 * 60 * MIN + i));
        }
        assertThat(h.extractOutputValues()).isEmpty();
        send(h, use("O1", "V1", "img-1", T0 + 4 * 60 * MIN + 2 * MIN));
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("M1", "N1", "O1");
    }

    @Test
    void aSoleImageUsedAgainLaterIsKeptPastItsFirstCleanUp() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "again", T0));
        send(h, use("L1", "S1", "again", T0 + 5 * MIN));     // the same listing again: still sole, newer
        // The first use's clean-up (about an hour on) passes before these: the image must stay.
        send(h, use("L2", "S2", "again", T0 + 64 * MIN));
        send(h, use("L3", "S3", "again", T0 + 64 * MIN));
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L1", "L2", "L3");
    }

    /** Past {@link com.shopwatch.detect.RingSize#INLINE_SELLERS} sellers an image's sellers move to the map; none is lost. */
    @Test
    void anImageOfManySellersMovesThemToTheMapAndCountsEveryOne() throws Exception {
        var h = harness();
        int n = com.shopwatch.detect.RingSize.INLINE_SELLERS + 8;
        for (int i = 0; i < n; i++) {
            send(h, use("L" + i, "S" + i, "stock", T0 + i * 1000));
        }
        assertThat(h.extractOutputValues()).hasSize(n);  // every listing, from the third seller on
        ReviewFlag last = h.extractOutputValues().stream().filter(f -> f.itemId.equals("L" + (n - 1))).findFirst().orElseThrow();
        assertThat(last.evidence[0].observed).isEqualTo((double) n);
        assertThat(last.evidence[0].related).filteredOn(r -> r.startsWith("S")).hasSize(DuplicateContentDetector.RELATED);
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(3);  // the image's sellers, members and size
        send(h, use("L0", "S0", "stock", T0 + 2 * MIN));             // a known seller again: not a new one
        send(h, use("Lx", "Sx", "stock", T0 + 3 * MIN));
        ReviewFlag x = h.extractOutputValues().stream().filter(f -> f.itemId.equals("Lx")).findFirst().orElseThrow();
        assertThat(x.evidence[0].observed).isEqualTo((double) n + 1);
        advance(h, T0 + 3 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
    }

    /** A stock photo stops counting new sellers at max_members; their listings are still flagged. */
    @Test
    void sellersPastMaxMembersAreNotCountedButTheirListingsAreFlagged() throws Exception {
        var h = harness();
        h.processBroadcastElement(DetectorFixtures.push("global.yaml", DetectorFixtures.GLOBAL
                .replace("duplicate_content: {window: 1h, min_sellers: 3}", "duplicate_content: {window: 1h, min_sellers: 3, max_members: 10}")), T0);
        for (int i = 0; i < 15; i++) {
            send(h, use("L" + i, "S" + i, "capped", T0 + i * 1000));
        }
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).hasSize(15).doesNotHaveDuplicates();
        assertThat(h.extractOutputValues()).filteredOn(f -> f.itemId.equals("L14"))
                .singleElement().satisfies(f -> assertThat(f.evidence[0].observed).isEqualTo(11.0));  // ten counted and this one
    }

    /** An image in use for hours: sellers last seen a window ago leave it, the others stay and make a ring. */
    @Test
    void sellersOfALongUsedImageLeaveItAWindowAfterTheirLastUse() throws Exception {
        var h = harness();
        send(h, use("L1", "S1", "long", T0));
        send(h, use("L2", "S2", "long", T0 + 50 * MIN));
        send(h, use("L3", "S3", "long", T0 + 100 * MIN));        // S1 is 100 minutes back: two in the window
        assertThat(h.extractOutputValues()).isEmpty();
        send(h, use("L4", "S4", "long", T0 + 101 * MIN));        // S2, S3, S4 within the hour
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L2", "L3", "L4");
        send(h, use("L5", "S1", "long", T0 + 102 * MIN));        // S1 back: counted again
        assertThat(h.extractOutputValues()).filteredOn(f -> f.itemId.equals("L5"))
                .singleElement().satisfies(f -> assertThat(f.evidence[0].observed).isEqualTo(4.0));
        advance(h, T0 + 6 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
    }

    @Test
    void aPolicyPushCanTurnTheDetectorToShadow() throws Exception {
        var h = harness();
        h.processBroadcastElement(DetectorFixtures.push("global.yaml", DetectorFixtures.GLOBAL
                .replace("duplicate_content: {window: 1h, min_sellers: 3}", "duplicate_content: {window: 1h, min_sellers: 2, mode: shadow}")), T0);
        send(h, use("L1", "S1", "y", T0));
        send(h, use("L2", "S2", "y", T0));
        assertThat(h.extractOutputValues()).hasSize(2).allSatisfy(f -> assertThat(f.mode).isEqualTo("shadow"));
    }

    @Test
    void countryOverridesApply() throws Exception {
        var h = harness();
        CommerceEvent a = use("L1", "S1", "sg-img", T0);
        CommerceEvent b = use("L2", "S2", "sg-img", T0 + MIN);
        a.country = "SG";
        b.country = "SG";
        send(h, a);
        send(h, b);                                       // SG: two sellers make a ring
        assertThat(h.extractOutputValues()).hasSize(2).allSatisfy(f -> {
            assertThat(f.queue).isEqualTo("sg-rings");
            assertThat(f.evidence[0].threshold).isEqualTo(2.0);
        });
    }
}
