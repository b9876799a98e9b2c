package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import static com.shopwatch.pipeline.testing.DetectorFixtures.DAY;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static com.shopwatch.pipeline.testing.DetectorFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.model.ReviewFlag;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NewAccountHighValueDetectorTest extends OnBothStateBackends {
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return DetectorFixtures.harness(new NewAccountHighValueDetector(DetectorFixtures.packs(), LATENESS, TTL),
                NewAccountHighValueDetector::key);
    }

    private static CommerceEvent item(String id, String country, double usd, long ageMs, long t) {
        CommerceEvent e = listing(id, "S-" + id, country, t);
        e.priceAmount = usd;
        e.priceCurrency = "USD";
        e.sellerCreatedAt = t - ageMs;
        return e;
    }


    @Test
    void boundariesOfAgeAndValue() throws Exception {
        var h = harness();
        send(h, item("A", "MY", 1000, 7 * DAY - 1, T0));   // young enough, exactly the value: flagged
        send(h, item("B", "MY", 1000, 7 * DAY, T0));       // 7 days old: no longer new
        send(h, item("C", "MY", 999.99, DAY, T0));         // under the value
        send(h, item("D", "SG", 600, DAY, T0));            // SG: 500 USD suffices
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactly("A", "D");
        ReviewFlag a = h.extractOutputValues().get(0);
        assertThat(a.ruleId).isEqualTo("new_account_high_value");
        assertThat(a.evidence[0].matchedText).isEqualTo("seller S-A is 7.0 days old and lists A at USD 1000.00 = 1000.00 USD");
        assertThat(a.evidence[0].threshold).isEqualTo(1000.0);
    }

    @Test
    void oneFlagPerListingWhileTheConditionHolds() throws Exception {
        var h = harness();
        send(h, item("E", "MY", 5000, DAY, T0));
        CommerceEvent update = item("E", "MY", 4800, DAY + MIN, T0 + MIN);
        update.action = EventAction.UPDATED;
        send(h, update);
        assertThat(h.extractOutputValues()).hasSize(1);
        CommerceEvent lowered = item("E", "MY", 100, DAY + 2 * MIN, T0 + 2 * MIN);
        lowered.action = EventAction.UPDATED;
        send(h, lowered);
        CommerceEvent raised = item("E", "MY", 5000, DAY + 3 * MIN, T0 + 3 * MIN);
        raised.action = EventAction.UPDATED;
        send(h, raised);
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void theAccountsAgeIsTakenAtEventTimeAndStateGoesWhenItIsNoLongerNew() throws Exception {
        var h = harness();
        DetectorFixtures.watermark(h, T0 + 30 * DAY);
        send(h, item("F", "MY", 5000, DAY, T0));   // a month late, but the account was 1 day old then
        assertThat(h.extractOutputValues()).hasSize(1);
        send(h, item("G", "MY", 5000, DAY, T0 + 30 * DAY));
        assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(2);
        DetectorFixtures.watermark(h, T0 + 40 * DAY);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
    }

    /**
     * A subtask that started empty knows which listings were flagged and skips the clear of the
     * others; one restored from a snapshot does not know, and clears. Either way a flagged listing
     * re-priced fairly and then raised again is flagged again, and a cheap listing leaves no state.
     */
    @Test
    void aRepricedListingIsFlaggedAgainBeforeAndAfterARestore() throws Exception {
        var first = harness();
        send(first, item("H", "MY", 5000, DAY, T0));
        send(first, item("C", "MY", 10, DAY, T0));          // never qualified: nothing to clear
        assertThat(first.extractOutputValues()).hasSize(1);
        assertThat(DetectorFixtures.stateEntries(first)).isEqualTo(1);
        var restored = DetectorFixtures.restoredHarness(new NewAccountHighValueDetector(DetectorFixtures.packs(), LATENESS, TTL),
                NewAccountHighValueDetector::key, first.snapshot(1, 1));
        for (var h : java.util.List.of(first, restored)) {
            CommerceEvent lowered = item("H", "MY", 100, DAY + MIN, T0 + MIN);
            lowered.action = EventAction.UPDATED;
            send(h, lowered);
            assertThat(DetectorFixtures.stateEntries(h)).isZero();
            CommerceEvent raised = item("H", "MY", 5000, DAY + 2 * MIN, T0 + 2 * MIN);
            raised.action = EventAction.UPDATED;
            send(h, raised);
            send(h, item("C", "MY", 20, DAY + 2 * MIN, T0 + 2 * MIN));
            assertThat(h.extractOutputValues()).filteredOn(f -> f.itemId.equals("H")).hasSize(h == first ? 2 : 1);
            assertThat(DetectorFixtures.stateEntries(h)).isEqualTo(1);
        }
    }
}
