package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.detect.RingSize;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.RestoredRuns;
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
    @Test
    void ringSizesHeldOnTheHeapGiveTheFlagsAndStateOfRingSizesWrittenAtOnce() throws Exception {
        for (long seed = 11; seed <= 13; seed++) {
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(hotKeys -> DetectorFixtures.restoredRuns(
                    () -> new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys),
                    DuplicateContentDetector::key), DuplicateContentEvidenceOrderTest.uses(seed), 3, 97, 331);
            assertThat(atOnce.records()).as("seed %d", seed).anyMatch(f -> f.contains("distinct sellers"));
        }
    }

    /**
     * Stock photos: a few images used by hundreds of sellers and listings within the window, so
     * their sellers and listings live in the map states, which the held ring sizes keep copies of,
     * and the {@code max_members} cap (200) is reached.
     */
    @Test
    void crowdedImagesGiveTheSameFlagsAndStateWithTheirMapsCopiedOnTheHeap() throws Exception {
        for (long seed = 21; seed <= 22; seed++) {
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(hotKeys -> DetectorFixtures.restoredRuns(
                    () -> new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys),
                    DuplicateContentDetector::key), crowdedUses(seed), 1, 211, 877);
            assertThat(atOnce.records()).as("seed %d", seed).anyMatch(f -> f.contains("used by 200 distinct sellers"));
        }
    }

    /** ~1 200 uses of three images over ~50 min by 300 sellers in 400 listings, watermarks between. */
    private static List<Object> crowdedUses(long seed) {
        assertThat(RingSize.INLINE_SELLERS).as("more sellers per image than fit inline").isLessThan(150);
        return DuplicateContentEvidenceOrderTest.uses(seed, 1_200, 5_000, 400, 300, "stock-", 3, 8);
    }
}
