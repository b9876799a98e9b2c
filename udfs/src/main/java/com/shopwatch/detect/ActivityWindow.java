package com.shopwatch.detect;

import java.util.Arrays;

/**
 * Event-time counts of one key (a seller's listings, a video's distinct reporters) in fixed
 * buckets, answering "how many in the busiest window of length W that contains t" — so an
 * out-of-order event is counted in the windows it really belongs to, not in "now".
 *
 * <p>Also tracks the current episode: a burst keeps one flag while over-limit events keep
 * coming; only an over-limit event a whole window after the last one starts a new episode. A Flink POJO (keyed state): two
 * parallel arrays sorted by bucket start, bounded by the window ÷ bucket plus lateness.
 */
public class ActivityWindow {
    public long[] bucketStarts = new long[0];
    public int[] counts = new int[0];
    /** Event time of the last over-limit event of the current episode; Long.MIN_VALUE when none. */
    public long lastOverLimit = Long.MIN_VALUE;
    /** Most recent item ids (newest last), kept as evidence; capped at {@link #RECENT}. */
    public String[] recent = new String[0];
    /** The longest window this key was counted for: how long its buckets must be kept. */
    public long windowMs;
    /** When the key's clean-up timer is set for (0: none yet, or state of a version that set one per bucket). */
    public long cleanupAt;

    public static final int RECENT = 10;

    public ActivityWindow() {}

    /** The busiest window of length {@code windowMs} containing one instant. */
    public record Peak(long start, long end, int count) {}

    /**
     * Adds {@code n} at event time {@code t} (bucketed by {@code bucketMs}); true when this opened
     * a new bucket (the caller then schedules its cleanup: one timer per bucket, not per event).
     */
    public boolean add(long t, long bucketMs, int n) {
        long start = Math.floorDiv(t, bucketMs) * bucketMs;
        int i = Arrays.binarySearch(bucketStarts, start);
        if (i >= 0) {
            counts[i] += n;
            return false;
        }
        int at = -i - 1;
        long[] s = new long[bucketStarts.length + 1];
        int[] c = new int[counts.length + 1];
        System.arraycopy(bucketStarts, 0, s, 0, at);
        System.arraycopy(counts, 0, c, 0, at);
        s[at] = start;
        c[at] = n;
        System.arraycopy(bucketStarts, at, s, at + 1, bucketStarts.length - at);
        System.arraycopy(counts, at, c, at + 1, counts.length - at);
        bucketStarts = s;
        counts = c;
        return true;
    }

    /** Remembers an item as evidence (the newest {@link #RECENT} are kept). */
    public void remember(String item) {
        if (item == null) {
            return;
        }
        for (String r : recent) {
            if (item.equals(r)) {
                return;
            }
        }
        int keep = Math.min(recent.length, RECENT - 1);
        String[] next = new String[keep + 1];
        System.arraycopy(recent, recent.length - keep, next, 0, keep);
        next[keep] = item;
        recent = next;
    }

    /**
     * The window of {@code windowMs} (aligned to bucket boundaries) that contains {@code t} and
     * holds the most events.
     */
    public Peak peak(long t, long windowMs, long bucketMs) {
        long tBucket = Math.floorDiv(t, bucketMs) * bucketMs;
        long span = Math.max(bucketMs, (windowMs / bucketMs) * bucketMs);
        Peak best = new Peak(tBucket, tBucket + span, 0);
        // Candidate windows start at each bucket boundary from (tBucket - span + bucket) to tBucket.
        for (long start = tBucket - span + bucketMs; start <= tBucket; start += bucketMs) {
            long end = start + span;
            int sum = 0;
            for (int i = 0; i < bucketStarts.length; i++) {
                if (bucketStarts[i] >= start && bucketStarts[i] < end) {
                    sum += counts[i];
                }
            }
            if (sum > best.count) {
                best = new Peak(start, end, sum);
            }
        }
        return best;
    }

    /**
     * Records an over-limit event at {@code t}; true when it starts a new episode (a flag is
     * due), false while the condition persists (the last over-limit event is within a window).
     */
    public boolean startsEpisode(long t, long windowMs) {
        boolean fresh = lastOverLimit == Long.MIN_VALUE || t > lastOverLimit + windowMs;
        lastOverLimit = Math.max(lastOverLimit == Long.MIN_VALUE ? t : lastOverLimit, t);
        return fresh;
    }

    /** Drops buckets that start before {@code before}; true when nothing is left. */
    public boolean expire(long before) {
        int drop = 0;
        while (drop < bucketStarts.length && bucketStarts[drop] < before) {
            drop++;
        }
        if (drop > 0) {
            bucketStarts = Arrays.copyOfRange(bucketStarts, drop, bucketStarts.length);
            counts = Arrays.copyOfRange(counts, drop, counts.length);
        }
        if (lastOverLimit != Long.MIN_VALUE && lastOverLimit < before) {
            lastOverLimit = Long.MIN_VALUE;
        }
        return bucketStarts.length == 0;
    }

    public boolean isEmpty() {
        return bucketStarts.length == 0;
    }

    /** Bucket size for a window: 1/30 of it, at least a second, so a peak scan stays cheap. */
    public static long bucketFor(long windowMs) {
        return Math.max(1_000L, windowMs / 30);
    }
}
