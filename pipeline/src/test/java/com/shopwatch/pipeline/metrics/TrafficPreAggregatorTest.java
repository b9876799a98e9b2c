package com.shopwatch.pipeline.metrics;

import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.model.DeadLetter;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrafficPreAggregatorTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;
    private static final long MIN = 60_000L;

    private static OneInputStreamOperatorTestHarness<DecodedRecord, MetricsContribution> preAggregator() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new TrafficPreAggregator(Duration.ofMinutes(1)));
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

    private static DecodedRecord accepted(String country, long t) {
        return DecodedRecord.accepted(DetectorFixtures.listing("L" + t, "S1", country, t));
    }

    private static DecodedRecord deadLetter(String country, long t) {
        DeadLetter d = new DeadLetter();
        d.reason = "invalid_json";
        d.country = country;
        return DecodedRecord.rejected(d, t);
    }

    @Test
    void sumsPerSeriesAndWindowAndFlushesBeforeTheWatermark() throws Exception {
        var h = preAggregator();
        for (int i = 0; i < 90; i++) {
            h.processElement(accepted(i % 3 == 0 ? "MY" : "SG", T0 + i * 100), T0 + i * 100);
        }
        h.processElement(deadLetter("SG", T0 + 50), T0 + 50);
        assertThat(h.getOutput()).isEmpty();
        h.processWatermark(T0 + 9_000);
        assertThat(h.getOutput()).last().isEqualTo(new Watermark(T0 + 9_000));
        List<String> sums = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                MetricsContribution c = (MetricsContribution) r.getValue();
                sums.add(c.key() + " " + c.accepted + "/" + c.deadLetters + " @" + (r.getTimestamp() - T0));
            }
        }
        assertThat(sums).containsExactlyInAnyOrder("traffic|SG|listing 60/0 @0", "traffic|MY|listing 30/0 @0",
                "traffic|SG|unknown 0/1 @0");
    }

    @Test
    void aRecordWhoseWindowHasClosedIsForwardedAtOnce() throws Exception {
        var h = preAggregator();
        h.processWatermark(T0 + 2 * MIN);
        h.processElement(accepted("SG", T0 + 10), T0 + 10);
        assertThat(h.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.accepted).isEqualTo(1));
    }

    @Test
    void flushesBeforeACheckpointBarrierAndAtTheEndOfInput() throws Exception {
        var h = preAggregator();
        h.processElement(accepted("SG", T0), T0);
        h.processElement(accepted("SG", T0 + 1), T0 + 1);
        h.prepareSnapshotPreBarrier(1);
        assertThat(h.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.accepted).isEqualTo(2));
        h.processElement(accepted("TH", T0 + 2), T0 + 2);
        h.endInput();
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    /**
     * The aggregator's records are the same with the pre-aggregation as without it, over random
     * streams with out-of-order and late records, dead letters and allowed lateness.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theMetricsAreTheSameWithAndWithoutIt(long seed) throws Exception {
        Random random = new Random(seed);
        Duration lateness = seed % 2 == 0 ? Duration.ZERO : Duration.ofSeconds(30);
        var direct = aggregator(lateness);
        var pre = preAggregator();
        var behind = aggregator(lateness);
        long watermark = T0;
        String[] countries = {"SG", "MY", "TH"};
        for (int i = 0; i < 3_000; i++) {
            if (random.nextInt(50) == 0) {
                watermark += random.nextInt(40_000);
                direct.processWatermark(watermark);
                pre.processWatermark(watermark);
            } else {
                // mostly around the watermark, some far behind it (late), some ahead
                long t = watermark + random.nextInt(20_000) - (random.nextInt(10) == 0 ? 90_000 : 5_000);
                String country = countries[random.nextInt(countries.length)];
                DecodedRecord r = random.nextInt(20) == 0 ? deadLetter(country, t) : accepted(country, t);
                direct.processElement(MetricsContribution.of(r), t);
                pre.processElement(r, t);
            }
            if (random.nextInt(500) == 0) {
                pre.prepareSnapshotPreBarrier(i);
            }
            PreAggregatedFeed.feed(pre, behind);
        }
        direct.processWatermark(Long.MAX_VALUE);
        pre.endInput();
        pre.processWatermark(Long.MAX_VALUE);
        PreAggregatedFeed.feed(pre, behind);
        assertThat(PreAggregatedFeed.json(behind.extractOutputValues())).isEqualTo(PreAggregatedFeed.json(direct.extractOutputValues()));
    }
}
