package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.testing.DetectorFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a replay duplicate content keeps its images' ring sizes on the heap between checkpoints
 * ({@link HotValueState}): what RocksDB holds at a checkpoint must be what it would hold had
 * every change gone to it at once. The same uses, with checkpoints and restores between them,
 * give the same flags and leave no state whether nothing is held, a few keys are (the eldest
 * written back and let go of all the time) or the replay's default.
 */
class DuplicateContentHeldOnHeapTest {
    private static RestoredRuns.Result run(List<Object> steps, int hotKeys, int restoreEvery) throws Exception {
        return RestoredRuns.run(() -> {
            var d = new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL);
            d.withHotKeys(hotKeys);
            return d;
        }, DuplicateContentDetector::key, steps, restoreEvery);
    }

    @Test
    void ringSizesHeldOnTheHeapGiveTheFlagsAndStateOfRingSizesWrittenAtOnce() throws Exception {
        for (long seed = 11; seed <= 13; seed++) {
            List<Object> steps = DuplicateContentEvidenceOrderTest.uses(seed);
            RestoredRuns.Result atOnce = run(steps, 0, 97);
            assertThat(atOnce.flags()).as("seed %d", seed).anyMatch(f -> f.contains("distinct sellers"));
            assertThat(atOnce.stateLeft()).as("seed %d: everything cleaned up", seed).isZero();
            for (int hotKeys : new int[] {3, HotValueState.DEFAULT_MAX_KEYS}) {
                for (int restoreEvery : new int[] {97, 331}) {
                    RestoredRuns.Result held = run(steps, hotKeys, restoreEvery);
                    assertThat(held.flags()).as("seed %d, %d keys held, restored every %d steps", seed, hotKeys, restoreEvery)
                            .isEqualTo(atOnce.flags());
                    assertThat(held.stateLeft()).as("seed %d, %d keys held", seed, hotKeys).isZero();
                }
            }
        }
    }
}
