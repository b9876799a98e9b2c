package com.shopwatch.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagMetricsTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static OneInputStreamOperatorTestHarness<ReviewFlag, MetricsContribution> flagMetrics() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new FlagMetrics(Duration.ofMinutes(1)));
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricsContribution, MetricsRecord> aggregator(Duration lateness)
            throws Exception {
        var h = StateBackends.forKeyedProcessFunction(
                new WindowedMetricsAggregator(Duration.ofMinutes(1), lateness), MetricsContribution::key, Types.STRING);
        h.open();
        return h;
    }

    private static final String[] SEVERITIES = {"low", "medium", "high", "critical", null};

    private static ReviewFlag flag(String country, String rule, boolean detector, String mode, String severity, long t, long latency) {
        ReviewFlag f = new ReviewFlag();
        f.country = country;
        f.itemType = "listing";
        f.ruleId = rule;
        f.source = detector ? ReviewFlags.DETECTOR : ReviewFlags.RULE;
        f.mode = mode;
        f.severity = severity;
        f.eventTimeMs = t;
        f.detectionTimeMs = t + latency;
        return f;
    }

    private static List<String> sums(OneInputStreamOperatorTestHarness<ReviewFlag, MetricsContribution> h) {
        List<String> sums = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                MetricsContribution c = (MetricsContribution) r.getValue();
                sums.add(c.key() + " " + c.flagsEnforced + "/" + c.flagsShadow + " " + c.flagsLow + c.flagsMedium + c.flagsHigh
                        + c.flagsCritical + " " + java.util.Arrays.toString(c.latenciesMs) + " @" + (r.getTimestamp() - T0));
            }
        }
        return sums;
    }

    @Test
    void sumsEachSeriesPerWindowAndFlushesBeforeTheWatermark() throws Exception {
        var h = flagMetrics();
        h.processElement(flag("SG", "vape", false, "enforce", "high", T0 + 10, 100), T0 + 10);
        h.processElement(flag("SG", "vape", false, "enforce", "low", T0 + 20, 200), T0 + 20);
        h.processElement(flag("SG", "vape", false, "shadow", "low", T0 + 30, 300), T0 + 30);
        h.processElement(flag("SG", "seller_velocity", true, "enforce", "medium", T0 + MIN, 400), T0 + MIN);
        assertThat(h.getOutput()).isEmpty();
        h.processWatermark(T0 + 2 * MIN);
        assertThat(h.getOutput()).last().isEqualTo(new Watermark(T0 + 2 * MIN));
        assertThat(sums(h)).containsExactlyInAnyOrder(
                "traffic|SG|listing 2/1 1010 [100, 200] @0",
                "rule|SG|vape 2/1 0000 null @0",
                "traffic|SG|listing 1/0 0100 [400] @60000",
                "detector|SG|seller_velocity 1/0 0000 null @60000");
    }

    @Test
    void aFlagWhoseWindowHasClosedIsForwardedAtOnce() throws Exception {
        var h = flagMetrics();
        h.processWatermark(T0 + 2 * MIN);
        h.getOutput().clear();
        h.processElement(flag("SG", "vape", false, "enforce", "high", T0 + 10, 100), T0 + 10);
        assertThat(sums(h)).containsExactlyInAnyOrder("traffic|SG|listing 1/0 0010 [100] @10", "rule|SG|vape 1/0 0000 null @10");
    }

    @Test
    void flushesBeforeACheckpointBarrierAndAtTheEndOfInput() throws Exception {
        var h = flagMetrics();
        h.processElement(flag("SG", "vape", false, "enforce", "high", T0, 1), T0);
        h.processElement(flag("SG", "vape", false, "enforce", "high", T0 + 1, 2), T0 + 1);
        h.prepareSnapshotPreBarrier(1);
        assertThat(sums(h)).containsExactlyInAnyOrder("traffic|SG|listing 2/0 0020 [1, 2] @0", "rule|SG|vape 2/0 0000 null @0");
        h.getOutput().clear();
        h.processElement(flag("TH", "vape", false, "shadow", "high", T0 + 2, 3), T0 + 2);
        h.endInput();
        assertThat(sums(h)).containsExactlyInAnyOrder("traffic|TH|listing 0/1 0000 null @0", "rule|TH|vape 0/1 0000 null @0");
    }

    /**
     * The aggregator's records are the same with the summing as with one contribution per series
     * per flag (as before it), over random streams with out-of-order and late flags, every
     * severity (and none), both modes, rule and detector flags, and allowed lateness. Windows get
     * fewer than the sketch's 200 latencies, so its percentiles are exact either way.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void theMetricsAreTheSameAsWithOneContributionPerFlag(long seed) throws Exception {
        Random random = new Random(seed);
        Duration lateness = seed % 2 == 0 ? Duration.ZERO : Duration.ofSeconds(30);
        var direct = aggregator(lateness);
        var pre = flagMetrics();
        var behind = aggregator(lateness);
        long watermark = T0;
        String[] countries = {"SG", "MY", "TH"};
        String[] rules = {"vape", "guns", "seller_velocity"};
        for (int i = 0; i < 2_000; i++) {
            if (random.nextInt(40) == 0) {
                watermark += random.nextInt(40_000);
                direct.processWatermark(watermark);
                pre.processWatermark(watermark);
            } else {
                long t = watermark + random.nextInt(20_000) - (random.nextInt(10) == 0 ? 90_000 : 5_000);
                String rule = rules[random.nextInt(rules.length)];
                ReviewFlag f = flag(countries[random.nextInt(countries.length)], rule, rule.equals("seller_velocity"),
                        random.nextInt(4) == 0 ? "shadow" : "enforce", SEVERITIES[random.nextInt(SEVERITIES.length)], t,
                        random.nextInt(10_000));
                direct.processElement(MetricsContribution.trafficFlag(f), t);
                direct.processElement(ReviewFlags.DETECTOR.equals(f.source) ? MetricsContribution.detectorSeries(f)
                        : MetricsContribution.ruleSeries(f), t);
                pre.processElement(f, t);
            }
            if (random.nextInt(300) == 0) {
                pre.prepareSnapshotPreBarrier(i);
            }
            PreAggregatedFeed.feed(pre, behind);
        }
        direct.processWatermark(Long.MAX_VALUE);
        pre.endInput();
        pre.processWatermark(Long.MAX_VALUE);
        PreAggregatedFeed.feed(pre, behind);
        assertThat(direct.extractOutputValues()).isNotEmpty();
        assertThat(PreAggregatedFeed.json(behind.extractOutputValues())).isEqualTo(PreAggregatedFeed.json(direct.extractOutputValues()));
    }
}
