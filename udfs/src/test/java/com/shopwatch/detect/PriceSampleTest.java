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
    void addKeptTellsExactlyWhenTheSampleChanged() {
        java.util.Random random = new java.util.Random(7);
        PriceSample s = PriceSample.empty();
        int unchanged = 0;
        for (int i = 0; i < 5_000; i++) {
            // now and then the same listing event again: an exact pair already kept
            long identity = random.nextInt(10) == 0 ? random.nextInt(Math.max(1, i)) : i;
            double price = random.nextInt(10) == 0 ? 100.0 : 10 + random.nextInt(1_000);
            byte[] before = java.util.Arrays.copyOfRange(s.toBytes(), 8, s.toBytes().length); // without the count
            boolean kept = s.addKept(identity == i ? price : 100.0, identity);
            byte[] after = java.util.Arrays.copyOfRange(s.toBytes(), 8, s.toBytes().length);
            assertThat(kept).as("add %d", i).isEqualTo(!java.util.Arrays.equals(before, after));
            if (!kept) {
                unchanged++;
            }
        }
        assertThat(unchanged).as("a full sample mostly keeps its prices").isGreaterThan(3_000);
        assertThat(s.count()).isEqualTo(5_000);
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

    @Test
    void selectingTheMiddleGivesWhatSortingGives() {
        Random r = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + r.nextInt(600);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values in some rounds: duplicates are the hard case for partitioning
                a[i] = round % 3 == 0 ? r.nextInt(4) : round % 3 == 1 ? i : r.nextDouble() * 1000;
            }
            if (round % 5 == 0) {
                java.util.Arrays.sort(a); // sorted input
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(PriceSample.select(a.clone(), n, k)).as("round %d, k %d of %d", round, k, n).isEqualTo(sorted[k]);
        }
    }

    @Test
    void theMedianOfTwoSamplesIsTheMedianOfTheirMerge() {
        for (int[] sizes : new int[][] {{0, 0}, {0, 7}, {7, 0}, {300, 300}, {5_000, 40}, {40, 5_000}, {9_000, 9_000}}) {
            List<double[]> prices = prices(sizes[0] + sizes[1], sizes[0] * 31L + sizes[1]);
            PriceSample a = of(prices.subList(0, sizes[0]));
            PriceSample b = of(prices.subList(sizes[0], prices.size()));
            double merged = PriceSample.of(a.toBytes()).merge(b).median();
            double direct = new PriceSample.UnionMedian(a, b).median();
            if (Double.isNaN(merged)) {
                assertThat(direct).isNaN();
            } else {
                assertThat(direct).as("sizes %d + %d", sizes[0], sizes[1]).isEqualTo(merged);
            }
            // a sample merged with itself (the same pairs twice) counts each pair once
            assertThat(Double.compare(new PriceSample.UnionMedian(a, a).median(), a.median())).isZero();
        }
    }

    /**
     * Prices entering one sample move the union's median in place exactly as merging the two
     * again would: new prices, repeats of a pair already in either sample, prices the full sample
     * does not keep.
     */
    @Test
    void theUnionMedianFollowsPricesEnteringASampleAsAFreshMergeWould() {
        for (int[] sizes : new int[][] {{0, 0}, {0, 3}, {30, 0}, {400, 100}, {2_000, 0}, {0, 2_000}}) {
            Random r = new Random(sizes[0] * 7L + sizes[1]);
            List<double[]> prices = prices(sizes[0] + sizes[1], sizes[0] + 13L * sizes[1]);
            PriceSample a = of(prices.subList(0, sizes[0]));
            PriceSample b = of(prices.subList(sizes[0], prices.size()));
            PriceSample.UnionMedian union = new PriceSample.UnionMedian(a, b);
            for (int i = 0; i < 3_000; i++) {
                double price;
                long id;
                if (i % 10 == 9 && !prices.isEmpty()) {
                    double[] again = prices.get(r.nextInt(prices.size())); // a pair already in a or b
                    price = again[0];
                    id = (long) again[1];
                } else {
                    price = r.nextInt(5) == 0 ? 100 : 10 + r.nextInt(2_000) + r.nextDouble(); // ties too
                    id = 1_000_000 + i;
                }
                long identity = PriceSample.identity("L" + id, "e" + id);
                if (b.addKept(price, identity)) {
                    union.added(price, identity);
                }
                double expected = PriceSample.of(a.toBytes()).merge(b).median();
                assertThat(Double.compare(union.median(), expected)).as("sizes %d + %d, price %d", sizes[0], sizes[1], i).isZero();
            }
        }
    }
}
