package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.StateBackends;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * In a replay duplicate content keeps its images' ring sizes on the heap between checkpoints
 * ({@link HotValueState}): what RocksDB holds at a checkpoint must be what it would hold had
 * every change gone to it at once. The same uses, with checkpoints and restores between them,
 * give the same flags and leave no state whether nothing is held, a few keys are (the eldest
 * written back and let go of all the time) or the replay's default.
 */
class DuplicateContentHeldOnHeapTest {
    /** The flags of {@code steps}, restored from a checkpoint every {@code restoreEvery} steps; state left at the end. */
    private static Result run(List<Object> steps, int hotKeys, int restoreEvery) throws Exception {
        var h = opened(detector(hotKeys), null);
        List<Object> output = new ArrayList<>();
        int restores = 0;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && i % restoreEvery == 0) {
                var snapshot = h.snapshot(i, i);
                output.addAll(h.getOutput());
                h.close();
                h = opened(detector(hotKeys), snapshot);
                restores++;
            }
            if (steps.get(i) instanceof CommerceEvent e) {
                DetectorFixtures.send(h, e.shallowCopy());
            } else if ((Long) steps.get(i) > watermark) {
                // only a rising one: a restored operator, not knowing the last, would pass a repeat on
                watermark = (Long) steps.get(i);
                DetectorFixtures.watermark(h, watermark);
            }
        }
        output.addAll(h.getOutput());
        int left = DetectorFixtures.stateEntries(h);
        h.close();
        assertThat(restores).isPositive();
        return new Result(DuplicateContentEvidenceOrderTest.flags(output), left);
    }

    /** A harness on RocksDB with full snapshots (restored from {@code snapshot} if given), opened. */
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> opened(
            DuplicateContentDetector detector, OperatorSubtaskState snapshot) throws Exception {
        var h = StateBackends.unopenedKeyedBroadcast(detector, DuplicateContentDetector::key, Types.STRING, PolicyBroadcast.PACKS);
        h.setStateBackend(StateBackends.rocksDb(false));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    private record Result(List<String> flags, int stateLeft) {}

    private static DuplicateContentDetector detector(int hotKeys) {
        var d = new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL);
        d.withHotKeys(hotKeys);
        return d;
    }

    @Test
    void ringSizesHeldOnTheHeapGiveTheFlagsAndStateOfRingSizesWrittenAtOnce() throws Exception {
        for (long seed = 11; seed <= 13; seed++) {
            List<Object> steps = DuplicateContentEvidenceOrderTest.uses(seed);
            Result atOnce = run(steps, 0, 97);
            assertThat(atOnce.flags()).as("seed %d", seed).anyMatch(f -> f.contains("distinct sellers"));
            assertThat(atOnce.stateLeft()).as("seed %d: everything cleaned up", seed).isZero();
            for (int hotKeys : new int[] {3, HotValueState.DEFAULT_MAX_KEYS}) {
                for (int restoreEvery : new int[] {97, 331}) {
                    Result held = run(steps, hotKeys, restoreEvery);
                    assertThat(held.flags()).as("seed %d, %d keys held, restored every %d steps", seed, hotKeys, restoreEvery)
                            .isEqualTo(atOnce.flags());
                    assertThat(held.stateLeft()).as("seed %d, %d keys held", seed, hotKeys).isZero();
                }
            }
        }
    }
}
