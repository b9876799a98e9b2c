package com.shopwatch.detect;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The prices of one category × country in one time bucket, as a bounded, mergeable sample for the
 * rolling median: the {@value #K} prices whose listings hash lowest (a bottom-k sample). The hash
 * of a listing is fixed, so the sample — and the median — is the same whatever order the prices
 * arrive in and however the buckets are merged: the same history gives the same price anomalies
 * in every replay. (A KLL sketch compacts with a JVM-wide random generator, which made two runs
 * of the same history disagree on prices near the line.) The median of a uniform sample of 512 has
 * a rank error of about 2 %; it holds 8 KB however many prices.
 */
public final class PriceSample {
    public static final int K = 512;

    private long count;
    private long[] hashes;
    private double[] prices;
    private int size;

    private PriceSample(long count, long[] hashes, double[] prices, int size) {
        this.count = count;
        this.hashes = hashes;
        this.prices = prices;
        this.size = size;
    }

    public static PriceSample empty() {
        return new PriceSample(0, new long[16], new double[16], 0);
    }

    /** A sample from its serialized form (state), or an empty one for null. */
    public static PriceSample of(byte[] bytes) {
        if (bytes == null) {
            return empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long count = b.getLong();
        int size = b.getInt();
        long[] h = new long[Math.max(16, size)];
        double[] p = new double[h.length];
        for (int i = 0; i < size; i++) {
            h[i] = b.getLong();
            p[i] = b.getDouble();
        }
        return new PriceSample(count, h, p, size);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(12 + size * 16);
        b.putLong(count).putInt(size);
        for (int i = 0; i < size; i++) {
            b.putLong(hashes[i]).putDouble(prices[i]);
        }
        return b.array();
    }

    /** Adds the price of one listing event; {@code identity} names it (the same event, the same hash). */
    public PriceSample add(double price, long identity) {
        addKept(price, identity);
        return this;
    }

    /** {@link #add}, telling whether the sample changed (the price was kept): when not, its median did not move. */
    public boolean addKept(double price, long identity) {
        count++;
        return insert(mix(identity), price);
    }

    /**
     * Adds the other sample's prices: one pass over the two sorted arrays, keeping the {@value #K}
     * lowest (hash, price) pairs of both, an exact pair once — what inserting them one by one gives.
     */
    public PriceSample merge(PriceSample other) {
        count += other.count;
        if (other.size == 0) {
            return this;
        }
        long[] h = new long[Math.max(16, Math.min(K, size + other.size))];
        double[] p = new double[h.length];
        size = lowestOfBoth(this, other, h, p);
        hashes = h;
        prices = p;
        return this;
    }

    /**
     * Writes the {@value #K} lowest (hash, price) pairs of {@code a} and {@code b}, an exact pair
     * once, into {@code h} (unless null) and {@code p}, in order; returns how many.
     */
    private static int lowestOfBoth(PriceSample a, PriceSample b, long[] h, double[] p) {
        int n = 0;
        int i = 0;
        int j = 0;
        while (n < K && (i < a.size || j < b.size)) {
            int c = i == a.size ? 1 : j == b.size ? -1 : compare(a.hashes[i], a.prices[i], b.hashes[j], b.prices[j]);
            if (c <= 0) {
                if (h != null) {
                    h[n] = a.hashes[i];
                }
                p[n++] = a.prices[i++];
                if (c == 0) {
                    j++; // the same pair in both: kept once
                }
            } else {
                if (h != null) {
                    h[n] = b.hashes[j];
                }
                p[n++] = b.prices[j++];
            }
        }
        return n;
    }

    private static int compare(long hashA, double priceA, long hashB, double priceB) {
        int c = Long.compareUnsigned(hashA, hashB);
        return c != 0 ? c : Double.compare(priceA, priceB);
    }

    /** Prices added, kept or not. */
    public long count() {
        return count;
    }

    /** The median of the sample (the lower middle for an even size), or NaN when empty. */
    public double median() {
        if (size == 0) {
            return Double.NaN;
        }
        double[] copy = Arrays.copyOf(prices, size);
        return select(copy, size, (size - 1) / 2);
    }

    /**
     * The median of two samples' union (what a copy of one, {@link #merge}d with the other, gives
     * as {@link #median}) kept up to date as prices enter one of them, in O(K) moves instead of a
     * merge and a selection per price: the union's {@value #K} lowest pairs by hash, and their
     * prices in order.
     *
     * <p>A price kept by a sample ({@link #addKept} true) enters the union when it ranks among
     * its K lowest pairs, pushing out the union's highest; a price a sample does not keep has K
     * lower pairs in that sample alone, so it is not in the union either.
     */
    public static final class UnionMedian {
        private final PriceSample pairs;
        /** The prices of {@code pairs}, in order (its first {@code pairs.size}). */
        private final double[] byPrice;

        public UnionMedian(PriceSample a, PriceSample b) {
            long[] h = new long[K];
            double[] p = new double[K];
            int n = lowestOfBoth(a, b, h, p);
            pairs = new PriceSample(0, h, p, n);
            byPrice = Arrays.copyOf(p, K);
            Arrays.sort(byPrice, 0, n);
        }

        /** A price one of the samples kept: {@code identity} as given to its {@link #addKept}. */
        public void added(double price, long identity) {
            long hash = mix(identity);
            int at = pairs.position(hash, price);
            if (at < 0 || at >= K) {
                return; // already in the union, or above its K lowest
            }
            int n = pairs.size;
            boolean full = n == K;
            double evicted = full ? pairs.prices[K - 1] : Double.NaN;
            pairs.insertAt(at, hash, price);
            if (full) {
                int i = Arrays.binarySearch(byPrice, 0, n, evicted);
                System.arraycopy(byPrice, i + 1, byPrice, i, n - i - 1);
                n--;
            }
            int j = Arrays.binarySearch(byPrice, 0, n, price);
            if (j < 0) {
                j = -j - 1;
            }
            System.arraycopy(byPrice, j, byPrice, j + 1, n - j);
            byPrice[j] = price;
        }

        /** The union's median (the lower middle for an even size), or NaN when both are empty. */
        public double median() {
            int n = pairs.size;
            return n == 0 ? Double.NaN : byPrice[(n - 1) / 2];
        }
    }

    /**
     * The {@code k}-th smallest of {@code a[0..n)} (reorders it): quickselect, linear on average,
     * where sorting 512 prices per judged listing was a third of the detector's time.
     */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot: sorted or constant input stays linear
            if (Double.compare(a[mid], a[lo]) < 0) {
                swap(a, mid, lo);
            }
            if (Double.compare(a[hi], a[lo]) < 0) {
                swap(a, hi, lo);
            }
            if (Double.compare(a[hi], a[mid]) < 0) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (Double.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (Double.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Keeps the {@value #K} lowest hashes, sorted; ties keep the smaller price, so the result is order-free. */
    private boolean insert(long hash, double price) {
        int at = position(hash, price);
        if (at < 0) {
            return false; // already there
        }
        if (size == K && at >= K) {
            return false;
        }
        insertAt(at, hash, price);
        return true;
    }

    /** Puts (hash, price) at its insertion point {@code at} (below {@value #K}), dropping the highest pair when full. */
    private void insertAt(int at, long hash, double price) {
        if (size == hashes.length && size < K) { // a full sample drops its highest pair in place
            int cap = Math.min(K, hashes.length * 2);
            hashes = Arrays.copyOf(hashes, cap);
            prices = Arrays.copyOf(prices, cap);
        }
        int move = Math.min(size, K - 1) - at;
        if (move > 0) {
            System.arraycopy(hashes, at, hashes, at + 1, move);
            System.arraycopy(prices, at, prices, at + 1, move);
        }
        hashes[at] = hash;
        prices[at] = price;
        if (size < K) {
            size++;
        }
    }

    /** Insertion point of (hash, price), or -1 when that exact pair is present. */
    private int position(long hash, double price) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(hashes[mid], prices[mid], hash, price);
            if (c == 0) {
                return -1;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A 64-bit identity of a listing event, stable across JVMs (not String.hashCode's 32 bits). */
    public static long identity(String itemId, String eventId) {
        long h = 0xcbf29ce484222325L;
        for (String s : new String[] {itemId, eventId}) {
            if (s != null) {
                for (int i = 0; i < s.length(); i++) {
                    h = (h ^ s.charAt(i)) * 0x100000001b3L;
                }
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's finaliser: spreads the identity's bits so the lowest hashes are a uniform sample. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
