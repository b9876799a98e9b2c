package com.shopwatch.pipeline.tasks;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.CountryTraffic;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FloodBreakerTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> harness(double maxShare)
            throws Exception {
        // window 1 min, multiplier 20, min-flags 10
        var h = StateBackends.forKeyedBroadcastProcessFunction(
                new FloodBreaker(Duration.ofMinutes(1), 20, 10, maxShare), FloodBreaker::key, Types.STRING,
                FloodBreaker.COUNTRY_TRAFFIC);
        h.open();
        return h;
    }

    private static KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> harness() throws Exception {
        return harness(0.2);
    }

    private static void flags(KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> h, String rule,
            String country, String version, int n, long from) throws Exception {
        for (int i = 0; i < n; i++) {
            ReviewFlag f = ReviewTaskBuilderTest.rule("L" + from + "-" + i, rule, "high", from + i * 10, "x");
            f.country = country;
            f.policyVersion = version;
            h.processElement(f, f.eventTimeMs);
        }
    }

    /**
     * The country's accepted events in the window starting at {@code windowStart}, as the traffic
     * counter reports it: the count, then the watermark past the window's end on both inputs.
     */
    private static void traffic(KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> h, String country,
            long windowStart, long events) throws Exception {
        h.processBroadcastElement(new CountryTraffic(country, windowStart, events), windowStart + MIN - 1);
        h.processWatermark(windowStart + MIN - 1);
        h.processBroadcastWatermark(windowStart + MIN - 1);
    }

    private static long modes(KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> h, String rule,
            String mode) {
        return h.extractOutputValues().stream().filter(f -> f.ruleId.equals(rule) && f.mode.equals(mode)).count();
    }

    private static long modes(KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> h, String rule,
            String country, String mode) {
        return h.extractOutputValues().stream()
                .filter(f -> f.ruleId.equals(rule) && f.country.equals(country) && f.mode.equals(mode)).count();
    }

    private static List<PolicyStatus> alerts(KeyedBroadcastOperatorTestHarness<String, ReviewFlag, CountryTraffic, ReviewFlag> h) {
        var out = h.getSideOutput(FloodBreaker.ALERTS);
        return out == null ? List.of() : out.stream().map(r -> r.getValue()).toList();
    }

    @Test
    void anOverBroadRuleIsSwitchedToShadowInItsCountryAndAlerted() throws Exception {
        var h = harness();
        // A steady rule: 5 flags a minute for ten minutes builds a baseline of ~5.
        for (int m = 0; m < 10; m++) {
            flags(h, "steady", "SG", "v1", 5, T0 + m * MIN);
        }
        // An over-broad rule pushed at minute 10 flags 300 items a minute in SG.
        flags(h, "over-broad", "SG", "v2", 300, T0 + 10 * MIN);
        // The steady rule jumping past 20x its baseline trips too.
        flags(h, "steady", "SG", "v1", 150, T0 + 11 * MIN);
        flags(h, "over-broad", "MY", "v2", 8, T0 + 10 * MIN);            // MY is unaffected
        assertThat(modes(h, "steady", "enforce")).isBetween(50L + 60, 50L + 75);   // ceiling 20 x ~3.4 (the baseline decayed over the quiet minute 10)
        assertThat(modes(h, "steady", "shadow")).isPositive();
        // A new rule has no baseline: it trips above min-flags x multiplier (10 x 20) and goes shadow in SG only.
        assertThat(modes(h, "over-broad", "enforce")).isEqualTo(200 + 8);
        assertThat(modes(h, "over-broad", "shadow")).isEqualTo(100);
        List<PolicyStatus> alerts = alerts(h);
        assertThat(alerts).extracting(a -> a.attempted).containsExactly("over-broad@SG", "steady@SG");
        assertThat(alerts).first().satisfies(a -> {
            assertThat(a.status).isEqualTo("breaker_tripped");
            assertThat(a.attempted).isEqualTo("over-broad@SG");
            assertThat(a.origin).isEqualTo("flood-breaker");
            assertThat(a.errors[0]).contains("flagged 201 listing items in SG",
                    "baseline criterion: no trusted baseline yet, above min-flags 10 x 20 = 200", "switched to shadow in SG")
                    .doesNotContain("share criterion");
        });
        assertThat(alerts.get(1).errors[0]).contains("baseline criterion: above", "x baseline 3.");
    }

    @Test
    void aRuleUnderTwentyTimesItsBaselineButOverItsShareOfTheCountrysEventsTrips() throws Exception {
        var h = harness();
        // SG has 500 accepted events a minute; a rule flags 20 of them (4 %): baseline ~20.
        for (int m = 0; m < 10; m++) {
            traffic(h, "SG", T0 + (m - 1) * MIN, 500);
            flags(h, "broad", "SG", "v1", 20, T0 + m * MIN);
        }
        // Minute 10: 150 flags, 7.5x its baseline (ceiling 20 x 20 = 400), but 30 % of SG's events:
        // the share ceiling max(10, 0.2 x 500) = 100 trips at the 101st.
        traffic(h, "SG", T0 + 9 * MIN, 500);
        flags(h, "broad", "SG", "v1", 150, T0 + 10 * MIN);
        assertThat(modes(h, "broad", "enforce")).isEqualTo(10 * 20 + 100);
        assertThat(modes(h, "broad", "shadow")).isEqualTo(50);
        assertThat(alerts(h)).singleElement().satisfies(a -> {
            assertThat(a.status).isEqualTo("breaker_tripped");
            assertThat(a.attempted).isEqualTo("broad@SG");
            assertThat(a.errors[0]).isEqualTo("broad flagged 101 listing items in SG within 60 s of event time; "
                    + "share criterion: more than 20% of the 500 events SG had in the window from 2026-11-24T00:09:00Z, "
                    + "above 100 = max(min-flags 10, 0.2 x 500); switched to shadow in SG until a new policy version");
        });
    }

    @Test
    void aCountOfOnlyPartOfItsWindowIsNotAShareToJudgeBy() throws Exception {
        var h = harness();
        // The job started 10 s before the end of a minute: SG's first count is 80 events, not its
        // usual ~500 a minute. A normal minute of a rule's flags (40, 8 %) is half of that count.
        h.processBroadcastElement(CountryTraffic.partialWindow("SG", T0 - MIN, 80), T0 - 1);
        h.processWatermark(T0 - 1);
        h.processBroadcastWatermark(T0 - 1);
        flags(h, "healthy", "SG", "v1", 40, T0);
        assertThat(modes(h, "healthy", "shadow")).isZero();
        assertThat(alerts(h)).isEmpty();
        // the first whole minute's count is judged by again: a flood over its share trips
        traffic(h, "SG", T0, 500);
        flags(h, "healthy", "SG", "v1", 150, T0 + MIN);
        assertThat(modes(h, "healthy", "shadow")).isEqualTo(50);
        assertThat(alerts(h)).singleElement().satisfies(a -> assertThat(a.status).isEqualTo("breaker_tripped"));
    }

    @Test
    void aRuleUnderItsShareStaysEnforced() throws Exception {
        var h = harness();
        traffic(h, "VN", T0 - 5 * MIN, 100);                 // VN then goes quiet
        traffic(h, "SG", T0 - MIN, 500);
        traffic(h, "TH", T0 - MIN, 20);
        flags(h, "busy", "SG", "v1", 100, T0);                 // exactly 20 %: not more
        flags(h, "small-market", "TH", "v1", 10, T0);         // half of TH's 20 events, but not above min-flags 10
        flags(h, "stale", "VN", "v1", 60, T0);               // VN's count is four windows behind the watermark: not used
        assertThat(modes(h, "busy", "shadow") + modes(h, "small-market", "shadow") + modes(h, "stale", "shadow")).isZero();
        assertThat(alerts(h)).isEmpty();
    }

    @Test
    void aLaterTrafficCountReplacesAnEarlierOneAndAnOutOfOrderOneIsIgnored() throws Exception {
        var h = harness();
        traffic(h, "SG", T0 - MIN, 1_000);
        h.processBroadcastElement(new CountryTraffic("SG", T0 - 2 * MIN, 50), T0);   // out of order: the newer count stays
        flags(h, "busy", "SG", "v1", 150, T0);               // 15 % of 1 000
        assertThat(modes(h, "busy", "shadow")).isZero();
        traffic(h, "SG", T0, 500);                           // SG quietens: 150 of the previous 500 is 30 %
        flags(h, "busy", "SG", "v1", 1, T0 + 30_000);
        assertThat(modes(h, "busy", "shadow")).isEqualTo(1);
        assertThat(alerts(h)).singleElement().satisfies(a -> assertThat(a.errors[0]).contains("of the 500 events SG had"));
    }

    @Test
    void flagsRunningAheadOfTheWatermarkAreJudgedByTheLatestCountItHasPassed() throws Exception {
        var h = harness();
        traffic(h, "SG", T0 - MIN, 500);                     // the watermark is at T0
        // Flags of later windows arrive before the watermark (held back by out-of-order events) gets there.
        flags(h, "broad", "SG", "v1", 90, T0 + 2 * MIN);
        assertThat(modes(h, "broad", "shadow")).isZero();
        flags(h, "broad", "SG", "v1", 110, T0 + 3 * MIN);
        assertThat(modes(h, "broad", "shadow")).isEqualTo(10);
        assertThat(alerts(h)).singleElement().satisfies(a -> assertThat(a.errors[0])
                .contains("more than 20% of the 500 events SG had in the window from 2026-11-23T23:59:00Z"));
    }

    @Test
    void countriesAreIndependent() throws Exception {
        var h = harness();
        traffic(h, "SG", T0 - MIN, 500);
        traffic(h, "MY", T0 - MIN, 5_000);
        flags(h, "broad", "SG", "v1", 150, T0);              // 30 % of SG: trips there
        flags(h, "broad", "MY", "v1", 150, T0);              // 3 % of MY: enforced
        flags(h, "broad", "ID", "v1", 150, T0);              // no count for ID yet: only the baseline criterion (200)
        assertThat(modes(h, "broad", "SG", "shadow")).isEqualTo(50);
        assertThat(modes(h, "broad", "MY", "shadow")).isZero();
        assertThat(modes(h, "broad", "ID", "shadow")).isZero();
        assertThat(alerts(h)).extracting(a -> a.attempted).containsExactly("broad@SG");
    }

    @Test
    void aNewPolicyVersionReArmsAfterAShareTrip() throws Exception {
        var h = harness();
        traffic(h, "SG", T0 - MIN, 500);
        flags(h, "broad", "SG", "v1", 150, T0);
        assertThat(modes(h, "broad", "shadow")).isEqualTo(50);
        traffic(h, "SG", T0, 500);
        flags(h, "broad", "SG", "v1", 20, T0 + MIN);          // still v1: stays shadow though under its share now
        assertThat(modes(h, "broad", "shadow")).isEqualTo(70);
        flags(h, "broad", "SG", "v2", 50, T0 + MIN + 30_000); // the fix: 50 of 500 is 10 %, enforced again
        assertThat(modes(h, "broad", "shadow")).isEqualTo(70);
        assertThat(h.extractOutputValues().subList(h.extractOutputValues().size() - 50, h.extractOutputValues().size()))
                .allSatisfy(f -> assertThat(f.mode).isEqualTo("enforce"));
        assertThat(alerts(h)).extracting(a -> a.status).containsExactly("breaker_tripped", "breaker_rearmed");
    }

    @Test
    void theShareCriterionCanBeTurnedOff() throws Exception {
        var h = harness(0);
        traffic(h, "SG", T0 - MIN, 500);
        flags(h, "broad", "SG", "v1", 150, T0);
        assertThat(modes(h, "broad", "shadow")).isZero();
    }

    @Test
    void aBaselineRaisesTheCeilingAndANewPolicyVersionReArms() throws Exception {
        var h = harness();
        for (int m = 0; m < 10; m++) {
            flags(h, "busy", "TH", "v1", 40, T0 + m * MIN);                // a busy rule: baseline ~40
        }
        flags(h, "busy", "TH", "v1", 200, T0 + 10 * MIN);                  // 5x its baseline: no trip (ceiling ~800)
        assertThat(modes(h, "busy", "shadow")).isZero();
        flags(h, "busy", "TH", "v1", 2_000, T0 + 11 * MIN);                 // ~40x: trips
        assertThat(modes(h, "busy", "shadow")).isPositive();
        long shadowed = modes(h, "busy", "shadow");
        flags(h, "busy", "TH", "v1", 10, T0 + 12 * MIN);                    // still v1: stays shadow
        assertThat(modes(h, "busy", "shadow")).isEqualTo(shadowed + 10);
        flags(h, "busy", "TH", "v2", 10, T0 + 13 * MIN);                    // a fix pushed: enforced again
        assertThat(h.extractOutputValues().subList(h.extractOutputValues().size() - 10, h.extractOutputValues().size()))
                .allSatisfy(f -> assertThat(f.mode).isEqualTo("enforce"));
        assertThat(alerts(h)).extracting(a -> a.status).containsExactly("breaker_tripped", "breaker_rearmed");
    }

    @Test
    void shadowFlagsPassThroughUncounted() throws Exception {
        var h = harness();
        for (int i = 0; i < 100; i++) {
            ReviewFlag f = ReviewTaskBuilderTest.rule("S" + i, "watch", "low", T0 + i, "x");
            f.mode = "shadow";
            h.processElement(f, f.eventTimeMs);
        }
        assertThat(modes(h, "watch", "shadow")).isEqualTo(100);
        assertThat(h.getSideOutput(FloodBreaker.ALERTS)).isNull();
    }
}
