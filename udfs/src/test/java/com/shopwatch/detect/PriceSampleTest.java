package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rolling-median sample: order-free, mergeable, bounded and close to the true median. */
class PriceSampleTest {
    private static List<double[]> prices(int n, long seed) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[] {10 + r.nextInt(1000) + r.nextDouble(), i});
        }
        return out;
    }

    private static PriceSample of(List<double[]> prices) {
        PriceSample s = PriceSample.empty();
        for (double[] p : prices) {
            s.add(p[0], PriceSample.identity("L" + (long) p[1], "e" + (long) p[1]));
        }
        return s;
    }

    @Test
    void theSameSetOfPricesGivesTheSameSampleInAnyOrder() {
        List<double[]> prices = prices(20_000, 1);
        byte[] inOrder = of(prices).toBytes();
        for (long seed = 2; seed < 6; seed++) {
            List<double[]> shuffled = new ArrayList<>(prices);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(of(shuffled).toBytes()).isEqualTo(inOrder);
        }
    }

    @Test
    void mergingBucketsIsAddingTheirPricesInAnyGrouping() {
        List<double[]> prices = prices(9_000, 7);
        PriceSample whole = of(prices);
        PriceSample a = of(prices.subList(0, 3_000));
        PriceSample b = of(prices.subList(3_000, 6_000));
        PriceSample c = of(prices.subList(6_000, 9_000));
        PriceSample abc = PriceSample.of(a.toBytes()).merge(PriceSample.of(b.toBytes())).merge(c);
        PriceSample cba = PriceSample.empty().merge(c).merge(b).merge(a);
        assertThat(abc.toBytes()).isEqualTo(whole.toBytes()).isEqualTo(cba.toBytes());
        assertThat(abc.count()).isEqualTo(9_000);
    }

    @Test
    void theMedianIsWithinAFewPercentOfRankAndTheSampleStaysBounded() {
        List<double[]> prices = prices(100_000, 3);
        PriceSample s = of(prices);
        double[] sorted = prices.stream().mapToDouble(p -> p[0]).sorted().toArray();
        double median = s.median();
        int rank = java.util.Arrays.binarySearch(sorted, median);
        double share = (rank < 0 ? -rank - 1 : rank) / (double) sorted.length;
        assertThat(share).isBetween(0.46, 0.54);
        assertThat(s.toBytes().length).isEqualTo(12 + PriceSample.K * 16);
        assertThat(s.count()).isEqualTo(100_000);
        assertThat(PriceSample.of(null).median()).isNaN();
        assertThat(PriceSample.of(s.toBytes()).median()).isEqualTo(median);
    }

    @Test
    void smallSamplesAreExact() {
        PriceSample s = PriceSample.empty();
        for (int i = 1; i <= 9; i++) {
            s.add(i * 10, PriceSample.identity("L" + i, "e" + i));
        }
        assertThat(s.median()).isEqualTo(50.0);
        s.add(100, PriceSample.identity("L10", "e10"));
        assertThat(s.median()).isEqualTo(50.0); // the lower middle of ten
    }
}
