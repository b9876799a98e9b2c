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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * In a replay price anomaly appends nothing to state per listing: a market's current bucket is
 * held on the heap and written whole at each checkpoint (and when more markets are held than the
 * bound). A restore must find every price a checkpoint covered: the same listings, with
 * checkpoints and restores between them, give the same flags and leave no state whether prices
 * are appended at once, a few markets are held (written and let go of all the time) or the
 * replay's default.
 */
class PriceAnomalyHeldOnHeapTest {
    private static final String[] CATEGORIES = {"electronics", "toys", "beauty", "books"};

    /** Listings over fourteen hours in eight markets: most fair, some far below, some re-priced; watermarks between. */
    private static List<Object> listings(long seed) {
        Random r = new Random(seed);
        List<Object> steps = new ArrayList<>();
        long clock = T0;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < 900; i++) {
            clock += r.nextInt(110_000);
            CommerceEvent e = listing("L" + r.nextInt(300), "S" + r.nextInt(60), r.nextBoolean() ? "SG" : "MY",
                    clock - r.nextInt(4) * 1_000L);
            e.category = CATEGORIES[r.nextInt(CATEGORIES.length)];
            e.priceAmount = r.nextInt(12) == 0 ? 5.0 + r.nextInt(30) : 80.0 + r.nextInt(40);
            steps.add(e);
            if (r.nextInt(5) == 0) {
                watermark = Math.max(watermark, clock - 10_000L - r.nextInt(30_000));
                steps.add(watermark);
            }
        }
        steps.add(clock + 24 * 60 * MIN);
        return steps;
    }

    @Test
    void marketsHeldOnTheHeapGiveTheFlagsAndStateOfPricesAppendedAtOnce() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(hotKeys -> DetectorFixtures.restoredRuns(
                    () -> new PriceAnomalyDetector(DetectorFixtures.packs(), LATENESS, TTL).withHotKeys(hotKeys),
                    PriceAnomalyDetector::key), listings(seed), 2, 89, 307);
            assertThat(atOnce.records().stream().filter(f -> f.contains("price_anomaly")).count())
                    .as("seed %d: flags to compare", seed).isGreaterThan(10);
        }
    }
}
