package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.ReviewFlag;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FloodBreakerTest {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> harness() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FloodBreaker(Duration.ofMinutes(1), 20, 10), FloodBreaker::key, Types.STRING);
        h.open();
        return h;
    }

    private static void flags(KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> h, String rule,
            String country, String version, int n, long from) throws Exception {
        for (int i = 0; i < n; i++) {
            ReviewFlag f = ReviewTaskBuilderTest.rule("L" + from + "-" + i, rule, "high", from + i * 10, "x");
            f.country = country;
            f.policyVersion = version;
            h.processElement(f, f.eventTimeMs);
        }
    }

    private static long modes(KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> h, String rule, String mode) {
        return h.extractOutputValues().stream().filter(f -> f.ruleId.equals(rule) && f.mode.equals(mode)).count();
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
        List<PolicyStatus> alerts = h.getSideOutput(FloodBreaker.ALERTS).stream().map(r -> r.getValue()).toList();
        assertThat(alerts).extracting(a -> a.attempted).containsExactly("over-broad@SG", "steady@SG");
        assertThat(alerts).first().satisfies(a -> {
            assertThat(a.status).isEqualTo("breaker_tripped");
            assertThat(a.attempted).isEqualTo("over-broad@SG");
            assertThat(a.origin).isEqualTo("flood-breaker");
            assertThat(a.errors[0]).contains("switched to shadow in SG");
        });
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
        assertThat(h.getSideOutput(FloodBreaker.ALERTS)).extracting(r -> r.getValue().status)
                .containsExactly("breaker_tripped", "breaker_rearmed");
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
