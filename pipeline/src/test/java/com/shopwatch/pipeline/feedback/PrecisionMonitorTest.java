package com.shopwatch.pipeline.feedback;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.feedback.Verdict;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PrecisionMonitorTest extends OnBothStateBackends {
    static final long T0 = 1_795_478_400_000L;   // 2026-11-24T00:00Z
    static final long MIN = 60_000L;
    static final long H = 60 * MIN;

    /** Packs where TH sets its own floor for vape; every other rule and country uses the default 0.8. */
    static final Map<String, String> PACKS = Map.of("global.yaml", """
            pack: global
            version: "1"
            lists:
              vape_terms: [vape]
            rules:
              - id: vape
                title: Vapes
                severity: high
                action: remove
                matchers:
                  - terms: [vape_terms]
            """, "th.yaml", """
            pack: TH
            version: "1"
            overrides:
              - rule: vape
                precision_floor: 0.5
            """);

    private static KeyedBroadcastOperatorTestHarness<String, Verdict, PolicyUpdate, MetricsRecord> harness() throws Exception {
        var h = StateBackends.forKeyedBroadcastProcessFunction(
                new PrecisionMonitor(PACKS, Duration.ofHours(24), Duration.ofMinutes(1), 0.8, 10), Verdict::key, Types.STRING,
                PolicyBroadcast.PACKS);
        h.open();
        return h;
    }

    static Verdict verdict(String rule, String country, String mode, String decision, long at, int weight) {
        Verdict v = new Verdict();
        v.taskId = "t";
        v.ruleId = rule;
        v.country = country;
        v.mode = mode;
        v.source = "rule";
        v.policyVersion = country + "@3";
        v.decision = decision;
        v.decidedAtMs = at;
        v.weight = weight;
        return v;
    }

    private static void add(KeyedBroadcastOperatorTestHarness<String, Verdict, PolicyUpdate, MetricsRecord> h, String rule, String decision,
            int n, long at) throws Exception {
        for (int i = 0; i < n; i++) {
            h.processElement(verdict(rule, "SG", "enforce", decision, at + i, 1), at + i);
        }
    }

    private static List<PolicyStatus> alerts(KeyedBroadcastOperatorTestHarness<String, Verdict, PolicyUpdate, MetricsRecord> h) {
        var side = h.getSideOutput(PrecisionMonitor.ALERTS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static MetricsRecord last(KeyedBroadcastOperatorTestHarness<String, Verdict, PolicyUpdate, MetricsRecord> h) {
        List<MetricsRecord> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void reportsRollingPrecisionAtTheEndOfEachMinuteWithVerdicts() throws Exception {
        var h = harness();
        add(h, "vape", "violating", 3, T0 + 10_000);
        add(h, "vape", "not_violating", 1, T0 + 20_000);
        add(h, "vape", "escalated", 1, T0 + 30_000);
        h.watermark(T0 + MIN - 1);
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.kind).isEqualTo("precision");
            assertThat(r.ruleId).isEqualTo("vape");
            assertThat(r.country).isEqualTo("SG");
            assertThat(r.mode).isEqualTo("enforce");
            assertThat(r.source).isEqualTo("rule");
            assertThat(r.policyVersion).isEqualTo("SG@3");
            assertThat(r.decisionsViolating).isEqualTo(3);
            assertThat(r.decisionsNotViolating).isEqualTo(1);
            assertThat(r.decisionsEscalated).isEqualTo(1);
            assertThat(r.precision).isEqualTo(0.75);
            assertThat(r.windowEnd).isEqualTo("2026-11-24T00:01:00Z");
            assertThat(r.windowStart).isEqualTo("2026-11-23T00:01:00Z");
        });
        assertThat(alerts(h)).isEmpty();                           // 4 verdicts: under the minimum of 10
        h.watermark(T0 + 10 * MIN);
        assertThat(h.extractOutputValues()).hasSize(1);            // quiet minutes write nothing
    }

    @Test
    void alertsOnceBelowTheFloorAndAgainWhenRecovered() throws Exception {
        var h = harness();
        add(h, "vape", "violating", 6, T0);
        add(h, "vape", "not_violating", 4, T0 + 1000);
        h.watermark(T0 + MIN);
        assertThat(alerts(h)).singleElement().satisfies(a -> {
            assertThat(a.status).isEqualTo("precision_below_floor");
            assertThat(a.attempted).isEqualTo("vape@SG");
            assertThat(a.origin).isEqualTo("precision-monitor");
            assertThat(a.activeVersion).isEqualTo("SG@3");
            assertThat(a.errors[0]).contains("precision 0.60").contains("6 of 10 verdicts violating").contains("floor 0.80");
        });
        add(h, "vape", "not_violating", 1, T0 + 2 * MIN);
        h.watermark(T0 + 3 * MIN);
        assertThat(alerts(h)).hasSize(1);                          // still below: no repeat
        add(h, "vape", "violating", 30, T0 + 4 * MIN);             // 36 of 41
        h.watermark(T0 + 5 * MIN);
        assertThat(alerts(h)).extracting(a -> a.status).containsExactly("precision_below_floor", "precision_recovered");
        assertThat(last(h).precision).isEqualTo(36.0 / 41);
    }

    @Test
    void aRuleFloorFromTheCountrysPacksReplacesTheDefault() throws Exception {
        var h = harness();
        for (String country : List.of("TH", "MY")) {
            for (int i = 0; i < 12; i++) {
                h.processElement(verdict("vape", country, "enforce", i < 7 ? "violating" : "not_violating", T0 + i, 1), T0 + i);
            }
        }
        h.watermark(T0 + MIN);
        // 7 of 12 = 0.58: above TH's floor of 0.5, below the default 0.8 that MY uses.
        assertThat(h.extractOutputValues()).extracting(r -> r.country + ":" + r.precisionFloor)
                .containsExactlyInAnyOrder("TH:0.5", "MY:0.8");
        assertThat(alerts(h)).extracting(a -> a.attempted).containsExactly("vape@MY");
        assertThat(alerts(h).get(0).errors[0]).contains("floor 0.80");
    }

    @Test
    void aRetractionMovesPrecisionAndModesAndCountriesAreApart() throws Exception {
        var h = harness();
        add(h, "vape", "violating", 10, T0);
        h.processElement(verdict("vape", "SG", "enforce", "violating", T0, -1), T0 + 1000);
        h.processElement(verdict("vape", "SG", "enforce", "not_violating", T0 + 1000, 1), T0 + 1000);
        h.processElement(verdict("vape", "SG", "shadow", "not_violating", T0, 1), T0);
        h.processElement(verdict("vape", "MY", "enforce", "not_violating", T0, 1), T0);
        h.watermark(T0 + MIN);
        assertThat(h.extractOutputValues()).extracting(r -> r.ruleId + "@" + r.country + "/" + r.mode + "=" + r.precision)
                .containsExactlyInAnyOrder("vape@SG/enforce=0.9", "vape@SG/shadow=0.0", "vape@MY/enforce=0.0");
    }

    @Test
    void verdictsLeaveTheWindowAndTheStateGoes() throws Exception {
        var h = harness();
        add(h, "vape", "violating", 2, T0);
        h.watermark(T0 + MIN);
        add(h, "vape", "not_violating", 2, T0 + 12 * H);
        h.watermark(T0 + 12 * H + MIN);
        assertThat(last(h).precision).isEqualTo(0.5);
        h.watermark(T0 + 25 * H);                           // the first hour's bucket has left the window
        assertThat(last(h).precision).isEqualTo(0.0);
        assertThat(last(h).decisionsViolating).isZero();
        h.watermark(T0 + 40 * H);
        assertThat(com.shopwatch.pipeline.testing.DetectorFixtures.stateEntries(h)).isZero();
        // A late verdict (behind the watermark) is still reported, at the next minute's end.
        h.processElement(verdict("vape", "SG", "enforce", "violating", T0 + 39 * H, 1), T0 + 39 * H);
        h.watermark(T0 + 40 * H + MIN);
        assertThat(last(h).decisionsViolating).isEqualTo(1);
        assertThat(last(h).windowEnd).isEqualTo("2026-11-25T16:01:00Z");
    }
}
