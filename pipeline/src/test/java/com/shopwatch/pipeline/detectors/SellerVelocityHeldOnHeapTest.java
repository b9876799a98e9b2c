package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.RestoredRuns;
import com.shopwatch.pipeline.types.HotValueState;
import org.junit.jupiter.api.Test;

/**
 * In a replay seller velocity keeps its accounts' activity windows on the heap between
 * checkpoints ({@link HotValueState}), and a checkpoint keeps those changed since the previous one
 * in operator state: the same listings, checkpointed and restored often (into operators that hold
 * keys and into ones that hold none), must give the flags and leave the state of windows written
 * to RocksDB at once.
 */
class SellerVelocityHeldOnHeapTest {
    @Test
    void activityWindowsHeldOnTheHeapGiveTheFlagsAndStateOfWindowsWrittenAtOnce() throws Exception {
        for (long seed = 31; seed <= 32; seed++) {
            // a dozen sellers listing every ~24 s each: bursts past the limits of both countries
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(hotKeys -> DetectorFixtures.restoredRuns(
                    () -> new SellerVelocityDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys),
                    SellerVelocityDetector::key), DuplicateContentEvidenceOrderTest.uses(seed, 1_500, 4_000, 300, 12, "img-", 50, 6),
                    3, 97, 401);
            assertThat(atOnce.records()).as("seed %d", seed).anyMatch(f -> f.contains("seller_velocity"));
        }
    }
}
