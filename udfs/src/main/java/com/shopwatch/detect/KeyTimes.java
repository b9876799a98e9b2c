package com.shopwatch.detect;

/**
 * String keys to {@code long} times in flat arrays (open addressing, linear probing, deletion by
 * shifting back): no entry object and no boxed value per key. {@link KeyedStateIndex} holds up to
 * a million keys per detector subtask and changes a key's time at nearly every event; as a
 * {@code HashMap<String, Long>} each change put a new {@code Long} into an entry long since
 * promoted, which the young collections then had to find (a dirty card) and copy. A time stored
 * here is a plain {@code long}: nothing allocated, nothing for the collector to trace.
 */
final class KeyTimes {
    private static final int MIN_CAPACITY = 16;

    private String[] keys;
    private long[] times;
    /** The keys' spread hash codes, so a probe compares ints before it touches a key. */
    private int[] hashes;
    private int mask;
    private int size;
    /** Grows the table past this many keys: at most half of it filled, so probes stay short. */
    private int growAt;

    KeyTimes() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    boolean contains(String key) {
        return slotOf(key, spread(key.hashCode())) >= 0;
    }

    /** The key's time, or {@code absent} when the key is not here. */
    long get(String key, long absent) {
        int slot = slotOf(key, spread(key.hashCode()));
        return slot >= 0 ? times[slot] : absent;
    }

    void put(String key, long time) {
        int h = spread(key.hashCode());
        for (int i = h & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                keys[i] = key;
                hashes[i] = h;
                times[i] = time;
                if (++size > growAt) {
                    allocate(keys.length * 2);
                }
                return;
            }
            if (hashes[i] == h && k.equals(key)) {
                times[i] = time;
                return;
            }
        }
    }

    void remove(String key) {
        int slot = slotOf(key, spread(key.hashCode()));
        if (slot < 0) {
            return;
        }
        size--;
        // Shift back the keys after the gap that probing would otherwise no longer reach.
        int gap = slot;
        for (int i = (gap + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            int home = hashes[i] & mask;
            // i may move into the gap unless its home lies cyclically within (gap, i]
            boolean homeBetween = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!homeBetween) {
                keys[gap] = keys[i];
                hashes[gap] = hashes[i];
                times[gap] = times[i];
                gap = i;
            }
        }
        keys[gap] = null;
    }

    private int slotOf(String key, int h) {
        for (int i = h & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && k.equals(key)) {
                return i;
            }
        }
    }

    /**
     * String hash codes of similar keys differ in their low bits little: mix them before masking
     * (also {@link EventTimeTimers}' index of an instant's keys).
     */
    static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void allocate(int capacity) {
        String[] oldKeys = keys;
        long[] oldTimes = times;
        int[] oldHashes = hashes;
        keys = new String[capacity];
        times = new long[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        growAt = capacity / 2;
        if (oldKeys == null) {
            return;
        }
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                times[i] = oldTimes[j];
            }
        }
    }
}
