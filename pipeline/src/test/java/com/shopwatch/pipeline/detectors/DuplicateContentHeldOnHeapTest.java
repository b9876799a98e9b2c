package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.RestoredRuns;
import org.junit.jupiter.api.Test;

/**
 * In a replay duplicate content keeps its images' ring sizes on the heap between checkpoints
 * ({@link HotValueState}): what RocksDB holds at a checkpoint must be what it would hold had
 * every change gone to it at once. The same uses, with checkpoints and restores between them,
 * give the same flags and leave no state whether nothing is held, a few keys are (the eldest
 * written back and let go of all the time) or the replay's default.
 */
class DuplicateContentHeldOnHeapTest {
    @Test
    void ringSizesHeldOnTheHeapGiveTheFlagsAndStateOfRingSizesWrittenAtOnce() throws Exception {
        for (long seed = 11; seed <= 13; seed++) {
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(hotKeys -> DetectorFixtures.restoredRuns(
                    () -> new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys),
                    DuplicateContentDetector::key), DuplicateContentEvidenceOrderTest.uses(seed), 3, 97, 331);
            assertThat(atOnce.records()).as("seed %d", seed).anyMatch(f -> f.contains("distinct sellers"));
        }
    }
}
