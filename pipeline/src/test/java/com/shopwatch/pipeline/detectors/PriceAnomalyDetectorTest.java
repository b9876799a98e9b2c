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
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceAnomalyDetectorTest extends OnBothStateBackends {
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return DetectorFixtures.harness(new PriceAnomalyDetector(DetectorFixtures.packs(), LATENESS, TTL), PriceAnomalyDetector::key);
    }

    private static int n;

    private static CommerceEvent priced(String item, String country, double amount, String currency, long t) {
        CommerceEvent e = listing(item, "S-" + (++n), country, t);
        e.priceAmount = amount;
        e.priceCurrency = currency;
        return e;
    }

    /** {@code count} fair prices around 100 USD (MYR at 0.21). */
    private void market(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h,
            int count, long from) throws Exception {
        for (int i = 0; i < count; i++) {
            send(h, priced("M" + from + "-" + i, "MY", (90 + i % 21) / 0.21, "MYR", from + i * 1000));
        }
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


    @Test
    void noFlagsDuringWarmUpThenPricesUnderTheRatioOfTheMedianAreFlagged() throws Exception {
        var h = harness();
        market(h, 9, T0);
        send(h, priced("cheap-1", "MY", 20, "MYR", T0 + MIN));     // 4.2 USD, but only 9 samples
        assertThat(h.extractOutputValues()).isEmpty();
        market(h, 1, T0 + 2 * MIN);                                // the 10th fair price
        send(h, priced("cheap-2", "MY", 20, "MYR", T0 + 3 * MIN));
        send(h, priced("fair-ish", "MY", 50, "MYR", T0 + 3 * MIN)); // 10.5 USD: just above 0.1 x ~100
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.itemId).isEqualTo("cheap-2");
            assertThat(f.ruleId).isEqualTo("price_anomaly");
            assertThat(f.evidence[0].observed).isEqualTo(4.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(f.evidence[0].threshold).isBetween(9.0, 11.0);
            assertThat(f.evidence[0].matchedText).startsWith("MYR 20.00 = 4.20 USD is 4.").contains("electronics listings in MY");
        });
    }

    @Test
    void aMarketWithMoreFlaggedItemsThanTheCacheHoldsStillFlagsEachOnce() throws Exception {
        var h = harness();
        market(h, 10, T0);
        int items = PriceAnomalyDetector.FlaggedItemCache.MAX_ITEMS + 50;
        for (int i = 0; i < items; i++) {
            send(h, priced("cheap-" + i, "MY", 20, "MYR", T0 + MIN + i * 10L));
        }
        // still cheap: no second flag, for an item flagged before and after the cache gave up
        send(h, priced("cheap-0", "MY", 19, "MYR", T0 + 2 * MIN));
        send(h, priced("cheap-" + (items - 1), "MY", 19, "MYR", T0 + 2 * MIN));
        // re-priced fairly, then cheap again: a new episode
        send(h, priced("cheap-1", "MY", 480, "MYR", T0 + 3 * MIN));
        send(h, priced("cheap-1", "MY", 20, "MYR", T0 + 4 * MIN));
        advance(h, T0 + 5 * MIN);
        assertThat(h.extractOutputValues()).hasSize(items + 1);
        assertThat(h.extractOutputValues()).filteredOn(f -> f.itemId.equals("cheap-1")).hasSize(2);
    }

    @Test
    void aFlaggedListingIsNotReflaggedWhileCheapAndCheapPricesStayOutOfTheMarket() throws Exception {
        var h = harness();
        market(h, 10, T0);
        CommerceEvent cheap = priced("C1", "MY", 10, "MYR", T0 + MIN);
        send(h, cheap);
        CommerceEvent again = priced("C1", "MY", 9, "MYR", T0 + 2 * MIN);
        again.action = EventAction.UPDATED;
        send(h, again);
        assertThat(h.extractOutputValues()).hasSize(1);
        // 40 more cheap listings would pull the median down if they were counted: they are not.
        for (int i = 0; i < 40; i++) {
            send(h, priced("wave-" + i, "MY", 10, "MYR", T0 + 3 * MIN + i));
        }
        assertThat(h.extractOutputValues()).hasSize(41);
        // A fair re-pricing ends the episode; cheap again is a new flag.
        CommerceEvent fair = priced("C1", "MY", 480, "MYR", T0 + 10 * MIN);
        fair.action = EventAction.UPDATED;
        send(h, fair);
        CommerceEvent cheapAgain = priced("C1", "MY", 10, "MYR", T0 + 11 * MIN);
        cheapAgain.action = EventAction.UPDATED;
        send(h, cheapAgain);
        assertThat(h.extractOutputValues()).hasSize(42);
    }

    @Test
    void categoriesAndCountriesHaveTheirOwnMarketsAndUnknownCurrenciesAreSkipped() throws Exception {
        var h = harness();
        market(h, 10, T0);
        CommerceEvent otherCategory = priced("X1", "MY", 10, "MYR", T0 + MIN);
        otherCategory.category = "beauty";
        send(h, otherCategory);
        send(h, priced("X2", "SG", 5, "SGD", T0 + MIN));
        send(h, priced("X3", "MY", 1, "JPY", T0 + MIN));  // no fx_usd rate for JPY in the test packs
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void oldBucketsLeaveTheWindowAndLateListingsAreCountedAsLate() throws Exception {
        var h = harness();
        market(h, 10, T0);
        advance(h, T0 + 7 * 60 * MIN);     // 7 hours on: the 6-hour median is empty again
        send(h, priced("C2", "MY", 10, "MYR", T0 + 7 * 60 * MIN));
        assertThat(h.extractOutputValues()).isEmpty();
        send(h, priced("C3", "MY", 10, "MYR", T0 + 60 * MIN)); // 6 hours late
        assertThat(h.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS)).hasSize(1);
        advance(h, T0 + 20 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
    }

    @Test
    void countryOverridesApply() throws Exception {
        var h = harness();
        for (int i = 0; i < 5; i++) {
            send(h, priced("SG-M" + i, "SG", 100 / 0.74, "SGD", T0 + i * 1000));   // 100 USD each
        }
        send(h, priced("SG-40", "SG", 40 / 0.74, "SGD", T0 + MIN));   // 40 %: under SG's 0.5, over the global 0.1
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.itemId).isEqualTo("SG-40");
            assertThat(f.policyVersion).isEqualTo("global@1+SG@1");
        });
    }

    /**
     * Prices are appended per listing and folded into the bucket's sample every
     * {@value PriceAnomalyDetector#FOLD_AT} appends and when the bucket changes: a run restored
     * from a checkpoint taken with appends pending, in the middle of a bucket, measures the same
     * medians as a run without one.
     */
    @Test
    void foldedAppendsAndARestoreInTheMiddleOfABucketGiveTheSameMedians() throws Exception {
        int listings = 5_000;  // two folds in the first bucket, the rest in the next hour's
        List<CommerceEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < listings; i++) {
            long t = T0 + i * 1_000L;
            events.add(priced("F" + i, "MY", (60 + (i * 37) % 80) / 0.21, "MYR", t));
            if (i % 250 == 249) {
                events.add(priced("cheap-" + i, "MY", (3 + i % 5) / 0.21, "MYR", t));  // 3-7 USD: far under 0.1 x ~100
            }
        }
        var whole = harness();
        for (CommerceEvent e : events) {
            send(whole, e);
        }
        List<ReviewFlag> expected = whole.extractOutputValues();
        assertThat(expected).hasSize(listings / 250);

        var first = harness();
        int split = 3_333;  // 1 285 appends after the second fold are pending
        for (CommerceEvent e : events.subList(0, split)) {
            send(first, e);
        }
        List<ReviewFlag> before = new java.util.ArrayList<>(first.extractOutputValues());
        var snapshot = first.snapshot(1L, 1L);
        first.close();
        var second = DetectorFixtures.restoredHarness(new PriceAnomalyDetector(DetectorFixtures.packs(), LATENESS, TTL),
                PriceAnomalyDetector::key, snapshot);
        for (CommerceEvent e : events.subList(split, events.size())) {
            send(second, e);
        }
        List<ReviewFlag> resumed = new java.util.ArrayList<>(before);
        resumed.addAll(second.extractOutputValues());
        assertThat(resumed).extracting(f -> f.itemId + " " + f.evidence[0].threshold + " " + f.evidence[0].matchedText)
                .containsExactlyElementsOf(expected.stream()
                        .map(f -> f.itemId + " " + f.evidence[0].threshold + " " + f.evidence[0].matchedText).toList());
    }
}
