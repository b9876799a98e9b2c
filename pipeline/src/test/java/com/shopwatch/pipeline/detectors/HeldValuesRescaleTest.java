package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.detect.RingSize;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.pipeline.types.HeldValuesSerializer;
import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.policy.PolicyUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Values a detector holds on the heap are checkpointed in union operator state, not in RocksDB
 * ({@link HotValueState#checkpoint}): restored at another parallelism, each subtask must take back
 * the values of its own keys, onto the heap or (holding nothing, as in real time) into RocksDB,
 * and go on exactly as a run without the restart; what it does not own it must drop.
 */
class HeldValuesRescaleTest {
    private static final int MAX_PARALLELISM = 128;
    private static final int RINGS = 12;

    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness(int parallelism,
            int subtask, int hotKeys) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(new HotStateDetectorOperator<>(
                new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys), List.of(PolicyBroadcast.PACKS)),
                DuplicateContentDetector::key, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setStateBackend(StateBackends.rocksDb(false));
        return h;
    }

    /** Use {@code seller} (0, 1 or 2) of ring {@code ring}'s image; the third completes a ring. */
    private static CommerceEvent use(int ring, int seller) {
        CommerceEvent e = listing("R" + ring + "-" + seller, "S" + ring + "-" + seller, "MY", T0 + seller * MIN);
        e.imageHashes = new String[] {"ring-" + ring};
        return e;
    }

    private static int owner(String key, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism);
    }

    /** Two sellers of every ring, judged (the watermark passed them): their ring sizes held on the heap, nothing flagged. */
    private static void firstTwoSellers(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h,
            int parallelism, int subtask) throws Exception {
        for (int ring = 0; ring < RINGS; ring++) {
            for (int seller = 0; seller < 2; seller++) {
                CommerceEvent e = use(ring, seller);
                if (owner(DuplicateContentDetector.key(e), parallelism) == subtask) {
                    DetectorFixtures.send(h, e);
                }
            }
        }
        DetectorFixtures.watermark(h, T0 + MIN + 1);
        assertThat(h.extractOutputValues()).isEmpty();
    }

    /** The third seller of every ring its subtask owns, judged; the items flagged. */
    private static TreeSet<String> thirdSellers(List<KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag>> hs)
            throws Exception {
        TreeSet<String> items = new TreeSet<>();
        for (int subtask = 0; subtask < hs.size(); subtask++) {
            var h = hs.get(subtask);
            for (int ring = 0; ring < RINGS; ring++) {
                CommerceEvent e = use(ring, 2);
                if (owner(DuplicateContentDetector.key(e), hs.size()) == subtask) {
                    DetectorFixtures.send(h, e);
                }
            }
            DetectorFixtures.watermark(h, T0 + 2 * MIN + 1);
            for (ReviewFlag f : h.extractOutputValues()) {
                assertThat(items.add(f.itemId)).as("flagged once: %s", f.itemId).isTrue();
            }
        }
        return items;
    }

    @Test
    void heldRingSizesSurviveACheckpointAtAnyParallelismOnTheHeapOrInRocksDb() throws Exception {
        var single = harness(1, 0, HotValueState.DEFAULT_MAX_KEYS);
        single.open();
        firstTwoSellers(single, 1, 0);
        TreeSet<String> expected = thirdSellers(List.of(single));
        single.close();
        assertThat(expected).hasSize(3 * RINGS); // every member of every ring

        // two subtasks hold their rings' sizes on the heap when checkpointed: none in RocksDB
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        int held = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(2, subtask, HotValueState.DEFAULT_MAX_KEYS);
            h.open();
            firstTwoSellers(h, 2, subtask);
            snapshots.add(h.snapshot(1L, 1L));
            held += checkpointedRingSizes(h);
            assertThat(ringSizesInRocksDb(h)).as("a checkpoint writes no held value to RocksDB").isZero();
            h.close();
        }
        assertThat(held).as("every ring's size in the checkpointed list").isEqualTo(RINGS);
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));

        for (int hotKeys : new int[] {HotValueState.DEFAULT_MAX_KEYS, 0}) {
            for (int parallelism : new int[] {1, 2, 3}) {
                List<KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag>> restored = new ArrayList<>();
                for (int subtask = 0; subtask < parallelism; subtask++) {
                    var h = harness(parallelism, subtask, hotKeys);
                    h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2,
                            parallelism, subtask));
                    h.open();
                    restored.add(h);
                }
                assertThat(thirdSellers(restored)).as("restored at parallelism %d holding %d keys", parallelism, hotKeys)
                        .isEqualTo(expected);
                int left = 0;
                for (var h : restored) {
                    DetectorFixtures.watermark(h, T0 + 24 * 60 * MIN); // long quiet: every image's state goes
                    left += DetectorFixtures.stateEntries(h) + checkpointedRingSizes(h);
                    h.close();
                }
                assertThat(left).as("restored at parallelism %d holding %d keys: everything cleaned up", parallelism, hotKeys).isZero();
            }
        }
    }

    @Test
    void aValueUnchangedForAWholeCheckpointIntervalGoesToRocksDbAndIsLetGoOf() throws Exception {
        var h = harness(1, 0, HotValueState.DEFAULT_MAX_KEYS);
        h.open();
        firstTwoSellers(h, 1, 0);
        h.snapshot(1L, 1L);
        assertThat(checkpointedRingSizes(h)).isEqualTo(RINGS);
        assertThat(ringSizesInRocksDb(h)).isZero();
        OperatorSubtaskState second = h.snapshot(2L, 2L); // nothing changed since the first
        assertThat(checkpointedRingSizes(h)).isZero();
        assertThat(ringSizesInRocksDb(h)).isEqualTo(RINGS);
        h.close();
        // restored from the second: the rings come back from RocksDB alone
        var restored = harness(1, 0, HotValueState.DEFAULT_MAX_KEYS);
        restored.initializeState(second);
        restored.open();
        assertThat(thirdSellers(List.of(restored))).hasSize(3 * RINGS);
        restored.close();
    }

    private static long ringSizesInRocksDb(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h) {
        try (var keys = h.getOperator().getKeyedStateBackend().getKeys("ring-size", org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** Ring sizes in the harness's checkpointed list now: a snapshot's, or what a restore left there. */
    private static int checkpointedRingSizes(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h)
            throws Exception {
        var list = h.getOperator().getOperatorStateBackend().getUnionListState(new ListStateDescriptor<>(
                HotValueState.checkpointedName("ring-size"), new HeldValuesSerializer<>(
                        TypeInformation.of(RingSize.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))));
        int n = 0;
        for (var chunk : list.get()) {
            n += chunk.count();
        }
        return n;
    }
}
