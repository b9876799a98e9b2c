package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.policy.PolicyUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The detectors that hold events (duplicate content, price anomaly) keep their timers themselves
 * ({@link com.shopwatch.detect.EventTimeTimers}), not in Flink's timer service: the held events'
 * and the clean-ups'. They must fire as Flink's would (in time order, each with its key current,
 * what they emit stamped with the timer's instant and out before the watermark), survive a
 * checkpoint at any parallelism, and be gone once the detector has cleaned up.
 */
class DetectorOwnTimersTest extends OnBothStateBackends {
    private static final int MAX_PARALLELISM = 128;

    private static CommerceEvent use(String item, String seller, String image, long t) {
        CommerceEvent e = listing(item, seller, "MY", t);
        e.imageHashes = new String[] {image};
        e.title = "Rolex Submariner AAA copy";
        return e;
    }

    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> duplicates(int parallelism,
            int subtask) throws Exception {
        return StateBackends.on(new KeyedBroadcastOperatorTestHarness<>(new HotStateDetectorOperator<>(
                new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL), List.of(PolicyBroadcast.PACKS)),
                DuplicateContentDetector::key, Types.STRING, MAX_PARALLELISM, parallelism, subtask));
    }

    @Test
    void heldUsesAndCleanUpsWaitInTheDetectorsTimersAndFireAsTheWatermarkPasses() throws Exception {
        var h = duplicates(1, 0);
        h.open();
        DetectorFixtures.send(h, use("L1", "S1", "ring", T0));
        DetectorFixtures.send(h, use("L2", "S2", "ring", T0 + MIN));
        DetectorFixtures.send(h, use("L3", "S3", "ring", T0 + 2 * MIN));
        DetectorFixtures.send(h, use("L9", "S9", "solo", T0));
        assertThat(h.numEventTimeTimers()).as("Flink's timers").isZero();
        assertThat(DetectorFixtures.pendingOwnTimers(h)).as("one per held use").isEqualTo(4);
        assertThat(h.extractOutputValues()).isEmpty();

        DetectorFixtures.watermark(h, T0 + MIN);   // the first two uses of the ring and the solo use
        assertThat(h.extractOutputValues()).isEmpty();
        // the third use's held timer, and a clean-up per image and minute of use
        assertThat(DetectorFixtures.pendingOwnTimers(h)).isEqualTo(1 + 2 + 1);
        DetectorFixtures.watermark(h, T0 + 2 * MIN);
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactlyInAnyOrder("L1", "L2", "L3");

        // emitted before the watermark that fired them, stamped with the instant judged
        List<Object> output = new ArrayList<>(h.getOutput());
        int watermarkAt = output.indexOf(new Watermark(T0 + 2 * MIN));
        assertThat(watermarkAt).isPositive();
        List<StreamRecord<?>> flags = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> r) {
                flags.add(r);
            }
        }
        assertThat(flags).hasSize(3).allSatisfy(r -> {
            assertThat(output.indexOf(r)).isLessThan(watermarkAt);
            assertThat(r.getTimestamp()).isEqualTo(T0 + 2 * MIN);
        });

        DetectorFixtures.watermark(h, T0 + 3 * 60 * MIN);
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
        assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void priceAnomalysHeldListingsAndCleanUpsAreItsOwnTimersToo() throws Exception {
        var h = DetectorFixtures.harness(new PriceAnomalyDetector(DetectorFixtures.packs(), LATENESS, TTL), PriceAnomalyDetector::key);
        for (int i = 0; i < 12; i++) {
            CommerceEvent e = listing("M" + i, "S" + i, "MY", T0 + i * 1000);
            e.priceAmount = (90 + i) / 0.21;
            e.priceCurrency = "MYR";
            DetectorFixtures.send(h, e);
        }
        CommerceEvent cheap = listing("CHEAP", "X", "MY", T0 + MIN);
        cheap.priceAmount = 2 / 0.21;
        cheap.priceCurrency = "MYR";
        DetectorFixtures.send(h, cheap);
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(DetectorFixtures.pendingOwnTimers(h)).as("one per held listing").isEqualTo(13);
        DetectorFixtures.watermark(h, T0 + MIN);
        assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactly("CHEAP");
        assertThat(DetectorFixtures.pendingOwnTimers(h)).as("the clean-up of the category's bucket").isEqualTo(1);
        assertThat(h.numEventTimeTimers()).isZero();
        DetectorFixtures.watermark(h, T0 + 24 * 60 * MIN);
        assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
        assertThat(DetectorFixtures.stateEntries(h)).isZero();
    }

    /**
     * Clean-ups set before a checkpoint fire after a restore at another parallelism, each on the
     * subtask its key now lives on: every image's state goes once quiet, on every subtask.
     */
    @Test
    void cleanUpsSurviveACheckpointAtAnyParallelismAndFireWhereTheirKeyLives() throws Exception {
        List<CommerceEvent> uses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            uses.add(use("L" + i, "S" + i, "image-" + i, T0 + i * 1000));
        }
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = duplicates(2, subtask);
            h.open();
            for (CommerceEvent e : uses) {
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(DuplicateContentDetector.key(e), MAX_PARALLELISM, 2) == subtask) {
                    DetectorFixtures.send(h, e);
                }
            }
            DetectorFixtures.watermark(h, T0 + 2 * MIN);   // every use judged: clean-ups pending
            assertThat(DetectorFixtures.pendingOwnTimers(h)).isPositive();
            assertThat(DetectorFixtures.stateEntries(h)).isPositive();
            snapshots.add(h.snapshot(1L, 1L));
            h.close();
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));
        for (int parallelism : new int[] {1, 3}) {
            int pending = 0;
            int entries = 0;
            for (int subtask = 0; subtask < parallelism; subtask++) {
                var h = duplicates(parallelism, subtask);
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, parallelism,
                        subtask));
                h.open();
                pending += DetectorFixtures.pendingOwnTimers(h);
                entries += DetectorFixtures.stateEntries(h);
                DetectorFixtures.watermark(h, T0 + 3 * 60 * MIN);
                assertThat(DetectorFixtures.stateEntries(h)).as("p=%d, subtask %d", parallelism, subtask).isZero();
                assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
                h.close();
            }
            assertThat(pending).as("p=%d: each image's clean-up restored once", parallelism).isEqualTo(40);
            assertThat(entries).isEqualTo(40);
        }
    }

    @Test
    void aDetectorThatHoldsEventsRefusesToRunWhereNothingWouldFireItsTimers() throws Exception {
        var h = StateBackends.on(new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL), List.of(PolicyBroadcast.PACKS)),
                DuplicateContentDetector::key, Types.STRING, MAX_PARALLELISM, 1, 0));
        h.open();
        assertThatThrownBy(() -> DetectorFixtures.send(h, use("L1", "S1", "x", T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate_content: its own timers fire only in a HotStateDetectorOperator");
    }
}
