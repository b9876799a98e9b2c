package com.shopwatch.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Event-time timers a detector keeps itself, with the contract of Flink's: one timer per key and
 * instant, and each fires once the watermark reaches its instant, earlier instants first; the keys
 * of one instant fire in the order their timers were first set.
 *
 * <p>Why not Flink's: its heap timer queue is one binary heap over every timer of the subtask plus
 * a hash map per key group to keep timers unique. A detector that sets a timer for every event it
 * holds and a clean-up for every key it touches keeps hundreds of thousands of timers there, and
 * pays a heap sift through them (cache misses all the way down) for each one set and each one
 * fired. Here the timers of one instant share one bucket: setting one is a lookup among the
 * few thousand pending instants, and firing an instant drops its bucket whole.
 *
 * <p>Not thread-safe; a detector's task thread owns it. The durable copy is {@link #snapshot()}.
 */
public final class EventTimeTimers {
    /**
     * The keys of one instant, in the order first set, in an array; a bucket of more than a few
     * keys also indexes them by hash to keep each key once. Clean-up instants gather thousands of
     * keys that stay pending for a window: a set's entry per key (~48 bytes, an object the young
     * collections copy and promote) became 16–32 bytes in arrays.
     */
    private static final class Bucket {
        /** Up to this many keys a scan finds a repeated key faster than an index. */
        private static final int SCAN_MAX = 8;

        String[] keys = new String[2];
        int[] hashes = new int[2];
        int size;
        /** Positions + 1 of the keys, by hash (open addressing, at most half full); null while scanned. */
        int[] index;

        boolean add(String key) {
            int h = key.hashCode();
            if (index == null) {
                for (int i = 0; i < size; i++) {
                    if (hashes[i] == h && keys[i].equals(key)) {
                        return false;
                    }
                }
            } else {
                int mask = index.length - 1;
                for (int s = KeyTimes.spread(h) & mask; index[s] != 0; s = (s + 1) & mask) {
                    int i = index[s] - 1;
                    if (hashes[i] == h && keys[i].equals(key)) {
                        return false;
                    }
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            keys[size] = key;
            hashes[size] = h;
            size++;
            if (size > SCAN_MAX) {
                if (index == null || size * 2 > index.length) {
                    reindex(Integer.highestOneBit(size) * 4);
                } else {
                    place(size - 1);
                }
            }
            return true;
        }

        private void reindex(int capacity) {
            index = new int[capacity];
            for (int i = 0; i < size; i++) {
                place(i);
            }
        }

        private void place(int i) {
            int mask = index.length - 1;
            int s = KeyTimes.spread(hashes[i]) & mask;
            while (index[s] != 0) {
                s = (s + 1) & mask;
            }
            index[s] = i + 1;
        }
    }

    private final TreeMap<Long, Bucket> byInstant = new TreeMap<>();
    private int size;
    /**
     * The bucket last set a timer in, and its instant: clean-ups of keys used in one minute share
     * an instant, and set one after another they skip the tree (null when that bucket has fired).
     */
    private Bucket lastBucket;
    private long lastInstant;

    /** Sets a timer for {@code key} at {@code time}; a timer already set there stays the only one. */
    public void register(String key, long time) {
        if (key == null) {
            throw new IllegalArgumentException("a timer needs a key");
        }
        Bucket b = lastBucket != null && lastInstant == time ? lastBucket : byInstant.get(time);
        if (b == null) {
            b = new Bucket();
            byInstant.put(time, b);
        }
        lastBucket = b;
        lastInstant = time;
        if (b.add(key)) {
            size++;
        }
    }

    /** Timers set and not fired yet. */
    public int size() {
        return size;
    }

    /** What fires a timer: the key made current, the detector's own timer callback. */
    @FunctionalInterface
    public interface Firing {
        void fire(String key, long time) throws Exception;
    }

    /**
     * Fires, earliest first, every timer at or before {@code watermark}, including those that
     * firing sets there (they fire after the instant that set them). Returns how many fired.
     */
    public int fireUpTo(long watermark, Firing firing) throws Exception {
        int fired = 0;
        Map.Entry<Long, Bucket> due;
        while ((due = byInstant.firstEntry()) != null && due.getKey() <= watermark) {
            // taken out before firing: a timer set at this instant while it fires gets a bucket of its own
            byInstant.remove(due.getKey());
            Bucket b = due.getValue();
            if (b == lastBucket) {
                lastBucket = null;
            }
            long time = due.getKey();
            size -= b.size;
            for (int i = 0; i < b.size; i++) {
                firing.fire(b.keys[i], time);
                fired++;
            }
        }
        return fired;
    }

    /**
     * Every pending timer as a table, in firing order: for the checkpoint. The table is a copy,
     * never changed afterwards, so the checkpoint may share it.
     */
    public Snapshot snapshot() {
        Snapshot s = new Snapshot();
        s.times = new long[byInstant.size()];
        s.counts = new int[byInstant.size()];
        s.keys = new String[size];
        int i = 0;
        int k = 0;
        for (Map.Entry<Long, Bucket> e : byInstant.entrySet()) {
            Bucket b = e.getValue();
            s.times[i] = e.getKey();
            s.counts[i] = b.size;
            System.arraycopy(b.keys, 0, s.keys, k, b.size);
            k += b.size;
            i++;
        }
        return s;
    }

    /**
     * Sets again the timers of {@code snapshot} whose key {@code keep} accepts (on a restore at
     * another parallelism, those of the keys that now live on this subtask).
     *
     * @throws IllegalArgumentException when the table's columns do not fit together
     */
    public void restore(Snapshot snapshot, Predicate<String> keep) {
        if (snapshot.times == null || snapshot.counts == null || snapshot.keys == null
                || snapshot.times.length != snapshot.counts.length) {
            throw new IllegalArgumentException("timer snapshot: times and counts must be present and of one length");
        }
        long total = 0;
        for (int c : snapshot.counts) {
            if (c < 0) {
                throw new IllegalArgumentException("timer snapshot: a negative count of keys at an instant");
            }
            total += c;
        }
        if (total != snapshot.keys.length) {
            throw new IllegalArgumentException("timer snapshot: counts add up to " + total + " keys, the table has "
                    + snapshot.keys.length);
        }
        int k = 0;
        for (int i = 0; i < snapshot.times.length; i++) {
            for (int j = 0; j < snapshot.counts[i]; j++) {
                String key = snapshot.keys[k++];
                if (keep.test(key)) {
                    register(key, snapshot.times[i]);
                }
            }
        }
    }

    /** The keys with a timer at {@code time}, in firing order (for tests and diagnostics). */
    public List<String> keysAt(long time) {
        Bucket b = byInstant.get(time);
        List<String> keys = new ArrayList<>();
        if (b != null) {
            keys.addAll(Arrays.asList(b.keys).subList(0, b.size));
        }
        return keys;
    }

    /**
     * The checkpointed form: instants ascending, how many keys each has, and the keys of all of
     * them one instant after the other. A Flink POJO (arrays of primitives and strings).
     */
    public static final class Snapshot {
        public long[] times;
        public int[] counts;
        public String[] keys;

        public Snapshot() {
        }
    }
}
