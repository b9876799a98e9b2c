package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.RestoredRuns;
import com.shopwatch.pipeline.testing.StateBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A ring's flags name at most ten other sellers and ten other items. Which ten must not depend on
 * the state backend: on RocksDB a map iterates in its keys' byte order, while the heap's maps
 * iterate in an order their history sets (its TTL clean-up rebuilds them as it passes, in an
 * order set by every key's accesses). The same uses, on both backends, flag the same items with
 * the same evidence.
 */
class DuplicateContentEvidenceOrderTest {
    @AfterEach
    void resetStateBackend() {
        StateBackends.use(StateBackends.Kind.HASHMAP);
    }

    /**
     * Listings over three hours on a few images, so rings grow past ten members and past 32 sellers (then kept in a map), many
     * on whole minutes (where clean-ups sit), some out of order; watermarks in between.
     */
    static List<Object> uses(long seed) {
        return uses(seed, 700, 40_000, 40, 48, "img-", 15, 6);
    }

    /**
     * {@code count} uses, one every {@code maxGap} ms or less, up to four steps of 20 s late, a third
     * on whole minutes, of {@code images} images by {@code sellers} sellers in {@code listings}
     * listings, in two countries, with a watermark a minute or two behind about every
     * {@code watermarkEvery}-th step.
     */
    static List<Object> uses(long seed, int count, int maxGap, int listings, int sellers, String image, int images,
            int watermarkEvery) {
        Random r = new Random(seed);
        List<Object> steps = new ArrayList<>();
        long clock = T0;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            clock += r.nextInt(maxGap);
            long t = clock - r.nextInt(5) * 20_000L;
            if (r.nextInt(3) == 0) {
                t = Math.floorDiv(t, MIN) * MIN;
            }
            CommerceEvent e = listing("L" + r.nextInt(listings), "S" + r.nextInt(sellers), r.nextBoolean() ? "SG" : "MY", t);
            e.imageHashes = new String[] {image + r.nextInt(images)};
            steps.add(e);
            if (r.nextInt(watermarkEvery) == 0) {
                watermark = Math.max(watermark, clock - 60_000L - r.nextInt(60_000));
                steps.add(watermark);
            }
        }
        steps.add(clock + 5 * 60 * MIN);
        return steps;
    }

    /** Flags with their record timestamps (wall-clock detection time left out), sorted between watermarks. */
    private static List<String> flags(StateBackends.Kind backend, List<Object> steps) throws Exception {
        StateBackends.use(backend);
        var h = DetectorFixtures.harness(new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL),
                DuplicateContentDetector::key);
        for (Object step : steps) {
            if (step instanceof CommerceEvent e) {
                DetectorFixtures.send(h, e.shallowCopy());
            } else {
                DetectorFixtures.watermark(h, (Long) step);
            }
        }
        List<String> out = RestoredRuns.betweenWatermarks(h.getOutput(), RestoredRuns::flag);
        h.close();
        return out;
    }

    @Test
    void theSameUsesNameTheSameSellersAndItemsOnEveryStateBackend() throws Exception {
        int crowded = 0;
        for (long seed = 1; seed <= 4; seed++) {
            List<Object> steps = uses(seed);
            List<String> onHeap = flags(StateBackends.Kind.HASHMAP, steps);
            assertThat(onHeap).as("seed %d", seed).isEqualTo(flags(StateBackends.Kind.ROCKSDB, steps));
            crowded += (int) onHeap.stream().filter(s -> s.contains("distinct sellers") && s.matches(".*used by (1[1-9]|[2-9]\\d) distinct.*")).count();
        }
        assertThat(crowded).as("flags of rings with more than ten sellers, where the choice of ten matters").isGreaterThan(10);
    }
}
