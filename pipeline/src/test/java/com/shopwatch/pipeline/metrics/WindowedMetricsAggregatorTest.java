package com.shopwatch.pipeline.metrics;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.metrics.MetricsContribution;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WindowedMetricsAggregatorTest extends OnBothStateBackends {
    private static final long MIN = 60_000;

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricsContribution, MetricsRecord> harness(
            Duration lateness) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, MetricsContribution, MetricsRecord> h =
                StateBackends.forKeyedProcessFunction(
                        new WindowedMetricsAggregator(Duration.ofMinutes(1), lateness), MetricsContribution::key, Types.STRING);
        h.open();
        return h;
    }

    private static MetricsContribution accepted(String country) {
        return MetricsContribution.traffic(country, "listing", 1, 0);
    }

    private static MetricsContribution deadLetter(String country) {
        return MetricsContribution.traffic(country, "listing", 0, 1);
    }

    @Test
    void emitsOneRecordPerWindowAndKeyWhenTheWatermarkPassesItsEnd() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(accepted("SG"), 10 * MIN + 1);
        h.processElement(accepted("SG"), 10 * MIN + 59_999);
        h.processElement(deadLetter("SG"), 10 * MIN + 30_000);
        h.processElement(accepted("TH"), 10 * MIN + 5);
        h.processElement(accepted("SG"), 11 * MIN);
        h.processWatermark(new Watermark(11 * MIN - 2));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(new Watermark(11 * MIN - 1));
        List<MetricsRecord> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        MetricsRecord sg = out.stream().filter(r -> r.country.equals("SG")).findFirst().orElseThrow();
        assertThat(sg.eventsAccepted).isEqualTo(2);
        assertThat(sg.deadLetters).isEqualTo(1);
        assertThat(sg.windowStart).isEqualTo("1970-01-01T00:10:00Z");
        assertThat(sg.windowEnd).isEqualTo("1970-01-01T00:11:00Z");
        assertThat(sg.eventType).isEqualTo("listing");
        assertThat(sg.kind).isEqualTo("traffic");
        h.processWatermark(new Watermark(12 * MIN));
        assertThat(h.extractOutputValues()).hasSize(3);
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
    }

    @Test
    void windowsOfAnotherWindowLengthRestoredFromACheckpointAreStillEmittedAndCleared() throws Exception {
        var before = harness(Duration.ofMinutes(2));
        before.processElement(accepted("SG"), 10 * MIN + 1);
        before.processElement(accepted("SG"), 11 * MIN + 1);
        var snapshot = before.snapshot(1, 1);
        before.close();
        // The job restarts with --metrics-window 5 min: the restored timers fire at the old
        // windows' ends, from which the new length cannot compute their starts. The windows are
        // found anyway and, read as 5-minute windows now, emitted at their new ends and cleared.
        var after = StateBackends.on(new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                        new WindowedMetricsAggregator(Duration.ofMinutes(5), Duration.ofMinutes(2))),
                MetricsContribution::key, Types.STRING, 1, 1, 0));
        after.initializeState(snapshot);
        after.open();
        after.processWatermark(new Watermark(14 * MIN));
        assertThat(after.extractOutputValues()).isEmpty();
        after.processWatermark(new Watermark(20 * MIN));
        assertThat(after.extractOutputValues()).extracting(r -> r.windowStartMs, r -> r.eventsAccepted)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(10 * MIN, 1L),
                        org.assertj.core.groups.Tuple.tuple(11 * MIN, 1L));
        assertThat(StateBackends.keyedStateEntries(after)).isZero();
        assertThat(after.numEventTimeTimers()).isZero();
    }

    @Test
    void outOfOrderEventsAheadOfTheWatermarkLandInTheirOwnWindow() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(accepted("SG"), 2 * MIN + 10);
        h.processElement(accepted("SG"), MIN + 10); // earlier window, not yet closed
        h.processWatermark(new Watermark(3 * MIN));
        assertThat(h.extractOutputValues()).extracting(r -> r.windowStartMs, r -> r.eventsAccepted)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(MIN, 1L),
                        org.assertj.core.groups.Tuple.tuple(2 * MIN, 1L));
    }

    @Test
    void tooLateEventsAreCountedAsLateInTheOpenWindowNotDropped() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(accepted("SG"), MIN + 1);
        h.processWatermark(new Watermark(3 * MIN + 5));
        h.processElement(accepted("SG"), MIN + 2); // its window closed long ago
        h.processElement(deadLetter("SG"), MIN + 3); // a dead letter simply joins the open window
        h.processWatermark(new Watermark(4 * MIN));
        List<MetricsRecord> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).windowStartMs).isEqualTo(MIN);
        assertThat(out.get(0).eventsAccepted).isEqualTo(1);
        assertThat(out.get(1).windowStartMs).isEqualTo(3 * MIN);
        assertThat(out.get(1).eventsAccepted).isZero();
        assertThat(out.get(1).lateEvents).isEqualTo(1);
        assertThat(out.get(1).deadLetters).isEqualTo(1);
    }

    @Test
    void eventsWithinAllowedLatenessUpdateTheirWindowWithANewRevision() throws Exception {
        var h = harness(Duration.ofSeconds(30));
        h.processElement(accepted("SG"), MIN + 1);
        h.processWatermark(new Watermark(2 * MIN + 10_000));
        h.processElement(accepted("SG"), MIN + 2);
        List<MetricsRecord> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).revision).isZero();
        assertThat(out.get(0).eventsAccepted).isEqualTo(1);
        assertThat(out.get(1).revision).isEqualTo(1);
        assertThat(out.get(1).eventsAccepted).isEqualTo(2);
        // after the lateness bound the window state is gone and later events count as late
        h.processWatermark(new Watermark(2 * MIN + 30_000));
        assertThat(StateBackends.keyedStateEntries(h)).isZero();
        h.processElement(accepted("SG"), MIN + 3);
        h.processWatermark(new Watermark(4 * MIN));
        MetricsRecord last = h.extractOutputValues().get(2);
        assertThat(last.lateEvents).isEqualTo(1);
        assertThat(last.windowStartMs).isEqualTo(2 * MIN);
    }
    @Test
    void detectorSeriesCountFiresAndLateEvents() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(MetricsContribution.detectorLate("seller_velocity", "SG"), 10 * MIN + 1);
        h.processElement(MetricsContribution.detectorLate("seller_velocity", "SG"), 10 * MIN + 2);
        h.processWatermark(new Watermark(11 * MIN));
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.kind).isEqualTo("detector");
            assertThat(r.detector).isEqualTo("seller_velocity");
            assertThat(r.lateEvents).isEqualTo(2);
            assertThat(r.eventType).isNull();
        });
    }

    @Test
    void anEventAfterTheEndOfInputIsReportedAtOnceNotLost() throws Exception {
        var h = harness(Duration.ZERO);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.processElement(accepted("SG"), 10 * MIN);
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.windowStartMs).isEqualTo(10 * MIN);
            assertThat(r.lateEvents).isEqualTo(1);
            assertThat(r.revision).isEqualTo(1);
        });
    }

    @Test
    void trafficRecordsCountFlagsBySeverityWithTheFlagRateAndDetectionLatencyPercentiles() throws Exception {
        var h = harness(Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            h.processElement(accepted("SG"), 10 * MIN + i);
        }
        String[] severities = {"low", "high", "critical", "critical"};
        for (int i = 0; i < 4; i++) {
            com.shopwatch.model.ReviewFlag f = new com.shopwatch.model.ReviewFlag();
            f.country = "SG";
            f.itemType = "listing";
            f.mode = "enforce";
            f.severity = severities[i];
            f.eventTimeMs = 10 * MIN + i;
            f.detectionTimeMs = f.eventTimeMs + (i + 1) * 1000L;   // 1 s, 2 s, 3 s, 4 s
            h.processElement(MetricsContribution.trafficFlag(f), f.eventTimeMs);
        }
        com.shopwatch.model.ReviewFlag shadow = new com.shopwatch.model.ReviewFlag();
        shadow.country = "SG";
        shadow.itemType = "listing";
        shadow.mode = "shadow";
        shadow.severity = "low";
        h.processElement(MetricsContribution.trafficFlag(shadow), 10 * MIN);
        h.processWatermark(new Watermark(11 * MIN));
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.flagsEnforced).isEqualTo(4);
            assertThat(r.flagsShadow).isEqualTo(1);
            assertThat(new long[] {r.flagsLow, r.flagsMedium, r.flagsHigh, r.flagsCritical}).containsExactly(1, 0, 1, 2);
            assertThat(r.flagRate).isEqualTo(0.04);
            assertThat(r.latencyP50Ms).isEqualTo(2000);
            assertThat(r.latencyP99Ms).isEqualTo(4000);
        });
    }

    @Test
    void aWindowWithoutFlagsHasNoLatencyAndWithoutEventsNoRate() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(accepted("SG"), 10 * MIN);
        h.processElement(deadLetter("TH"), 10 * MIN);
        h.processWatermark(new Watermark(11 * MIN));
        assertThat(h.extractOutputValues()).allSatisfy(r -> assertThat(r.latencyP50Ms).isNull());
        assertThat(h.extractOutputValues()).filteredOn(r -> r.country.equals("TH")).singleElement()
                .satisfies(r -> assertThat(r.flagRate).isNull());
        assertThat(h.extractOutputValues()).filteredOn(r -> r.country.equals("SG")).singleElement()
                .satisfies(r -> assertThat(r.flagRate).isEqualTo(0.0));
    }
}
