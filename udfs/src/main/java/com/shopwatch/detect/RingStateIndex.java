package com.shopwatch.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * What one duplicate-content subtask knows, without asking RocksDB, of the images it keeps ring
 * state for: which images have state at all, and for an image used by one seller in one listing
 * (most images) the time of its newest use. Two of the detector's four state operations per image
 * use are reads that this answers instead: the first use of a new image (no state: nothing to
 * read) and the clean-up of an image that stayed sole (its state goes whole: nothing to check).
 *
 * <p>The state stays the durable copy; this is a transient view of it, kept in step by the
 * detector at every write and clear. It can only be <em>complete</em> — name every image with
 * state — when the subtask started empty: after a restore (or once it outgrew its capacity) an
 * image it does not name may still have state, and is read as before. What it does name is always
 * exact, because every change of an image's state on this subtask passes through it.
 */
public final class RingStateIndex {
    /** Images indexed per subtask (~60 bytes each on the heap): beyond it, new images are read as before. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** {@link #soleNewest}: not known to be sole (absent, or shared by several sellers or listings). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Image → newest use while sole, or {@link #UNKNOWN} once several sellers or listings share it. */
    private final Map<String, Long> images = new HashMap<>();
    private final int capacity;
    private boolean complete;

    /**
     * @param startedEmpty true when the subtask's keyed state started empty (no restore): the
     *     index then names every image with state until it outgrows {@code capacity}
     */
    public RingStateIndex(boolean startedEmpty, int capacity) {
        this.complete = startedEmpty;
        this.capacity = capacity;
    }

    /** True when the image certainly has no ring state on this subtask: no read needed. */
    public boolean certainlyWithout(String image) {
        return complete && !images.containsKey(image);
    }

    /**
     * The newest use of an image whose state holds one seller and one listing (so it is cleared
     * whole, maps untouched), or {@link #UNKNOWN} when that is not known without a read.
     */
    public long soleNewest(String image) {
        Long newest = images.get(image);
        return newest == null ? UNKNOWN : newest;
    }

    /** The image's state was written: sole (one seller, one listing) with its newest use, or not. */
    public void written(String image, boolean sole, long newest) {
        Long value = sole ? newest : UNKNOWN;
        if (images.size() < capacity || images.containsKey(image)) {
            images.put(image, value);
        } else {
            complete = false; // an image with state the index does not name: absence proves nothing now
        }
    }

    /** The image's state was cleared. */
    public void cleared(String image) {
        images.remove(image);
    }

    /** True while the index names every image with state on this subtask. */
    public boolean complete() {
        return complete;
    }

    /** Images indexed. */
    public int size() {
        return images.size();
    }
}
