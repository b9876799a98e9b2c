package com.shopwatch.detect;

/**
 * What one keyed detector subtask knows, without asking RocksDB, of the keys it keeps state for:
 * which keys have state at all, and per key one time the detector derives from its state, enough
 * to decide a clean-up without reading it (duplicate content: the newest use of an image used by
 * one seller in one listing; seller velocity: when an account's newest bucket leaves the window).
 * A new key then needs no read (it has no state), and a clean-up that the time decides needs none.
 *
 * <p>The state stays the durable copy; this is a transient view of it, kept in step by the
 * detector at every write and clear. It can only be <em>complete</em> — name every key with
 * state — when the subtask started empty: after a restore (or once it outgrew its capacity) a key
 * it does not name may still have state, and is read as before. What it does name is always
 * exact, because every change of a key's state on this subtask passes through it.
 */
public final class KeyedStateIndex {
    /** Keys indexed per subtask (~32 bytes each on the heap, besides the key): beyond it, new keys are read as before. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** {@link #time}: nothing known without a read (the key is not indexed, or its state decides nothing). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final KeyTimes keys = new KeyTimes();
    private final int capacity;
    private boolean complete;

    /**
     * @param startedEmpty true when the subtask's keyed state started empty (no restore): the
     *     index then names every key with state until it outgrows {@code capacity}
     */
    public KeyedStateIndex(boolean startedEmpty, int capacity) {
        this.complete = startedEmpty;
        this.capacity = capacity;
    }

    /** True when the key certainly has no state on this subtask: no read needed. */
    public boolean certainlyWithout(String key) {
        return complete && !keys.contains(key);
    }

    /** The time recorded with the key's state as last written, or {@link #UNKNOWN}. */
    public long time(String key) {
        return keys.get(key, UNKNOWN);
    }

    /** The key's state was written; {@code time} is what the detector derives from it, or {@link #UNKNOWN}. */
    public void written(String key, long time) {
        if (keys.size() < capacity || keys.contains(key)) {
            keys.put(key, time);
        } else {
            complete = false; // a key with state the index does not name: absence proves nothing now
        }
    }

    /** The key's state was cleared. */
    public void cleared(String key) {
        keys.remove(key);
    }

    /** True while the index names every key with state on this subtask. */
    public boolean complete() {
        return complete;
    }

    /** Keys indexed. */
    public int size() {
        return keys.size();
    }
}
