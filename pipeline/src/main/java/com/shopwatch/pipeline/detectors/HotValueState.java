package com.shopwatch.pipeline.detectors;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ValueState;

/**
 * A detector's keyed value state whose values for the keys it used lately stay on the heap: read
 * from the state backend once, then changed in memory, and written back at each checkpoint (and
 * the eldest when more keys are held than {@link #maxKeys}), so the backend holds at every
 * checkpoint what it would hold had every change gone straight to it. A key made and cleared between two checkpoints
 * never reaches the backend: in a replay, where an hour of event time passes in seconds, that is
 * most images and bursts.
 *
 * <p>Only {@link HotStateDetectorOperator} writes values back, setting each key first; callers
 * read and change values of the current key only, as with a {@link ValueState}. A value handed
 * out is the one held: change it, then {@link #update} it, as the heap state backend requires too.
 */
public final class HotValueState<V> {
    /** Held keys per state and subtask before the eldest are written back (option {@code detectors.hot-keys}). */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final ValueState<V> backend;
    private final int maxKeys;
    /** In the order keys were first held: the eldest go first when there are too many. */
    private final LinkedHashMap<String, Held<V>> held = new LinkedHashMap<>();

    private static final class Held<V> {
        V value;
        /** Changed since the backend last had it. */
        boolean dirty;
        /** The backend may have a value for the key (a clear must reach it). */
        boolean inBackend;

        Held(V value, boolean dirty, boolean inBackend) {
            this.value = value;
            this.dirty = dirty;
            this.inBackend = inBackend;
        }
    }

    /** {@code maxKeys} 0: nothing held, every read and change goes to the backend at once. */
    HotValueState(ValueState<V> backend, int maxKeys) {
        this.backend = backend;
        this.maxKeys = maxKeys;
    }

    /**
     * The current key's value, or null. {@code certainlyAbsent}: the caller knows the backend has
     * none (a key new to this subtask), so it is not asked.
     */
    public V value(String key, boolean certainlyAbsent) throws IOException {
        if (maxKeys <= 0) {
            return certainlyAbsent ? null : backend.value();
        }
        Held<V> h = held.get(key);
        if (h != null) {
            return h.value;
        }
        V v = certainlyAbsent ? null : backend.value();
        held.put(key, new Held<>(v, false, v != null));
        return v;
    }

    /** Sets the current key's value (in memory until the next write-back). */
    public void update(String key, V value) throws IOException {
        if (maxKeys <= 0) {
            backend.update(value);
            return;
        }
        Held<V> h = held.get(key);
        if (h == null) {
            held.put(key, new Held<>(value, true, true)); // not read first: the backend may have one
        } else {
            h.value = value;
            h.dirty = true;
        }
    }

    /** Clears the current key's value; the backend is told at the next write-back if it may have one. */
    public void clear(String key) {
        if (maxKeys <= 0) {
            backend.clear();
            return;
        }
        Held<V> h = held.get(key);
        if (h == null) {
            held.put(key, new Held<>(null, true, true));
        } else if (!h.inBackend) {
            held.remove(key); // made since the last write-back: the backend never had it
        } else {
            h.value = null;
            h.dirty = true;
        }
    }

    /** Keys held now. */
    public int size() {
        return held.size();
    }

    boolean overBound() {
        return maxKeys > 0 && held.size() > maxKeys;
    }

    /**
     * Writes every changed value back, {@code setKey} making each key current first, and lets go
     * of them all: the next read of a key asks the backend again, which applies the state's TTL
     * (a value is stamped when written back, so it expires at most a checkpoint interval later
     * than had each change been written at once).
     */
    void writeBack(Consumer<String> setKey) throws IOException {
        for (Map.Entry<String, Held<V>> e : held.entrySet()) {
            if (e.getValue().dirty) {
                write(e.getKey(), e.getValue(), setKey);
            }
        }
        held.clear();
    }

    /** Writes back and lets go of the eldest keys until a quarter below the bound. */
    void shed(Consumer<String> setKey) throws IOException {
        int target = maxKeys - maxKeys / 4;
        Iterator<Map.Entry<String, Held<V>>> it = held.entrySet().iterator();
        while (held.size() > target && it.hasNext()) {
            Map.Entry<String, Held<V>> e = it.next();
            if (e.getValue().dirty) {
                write(e.getKey(), e.getValue(), setKey);
            }
            it.remove();
        }
    }

    private void write(String key, Held<V> h, Consumer<String> setKey) throws IOException {
        setKey.accept(key);
        if (h.value == null) {
            backend.clear();
        } else {
            backend.update(h.value);
        }
        h.dirty = false;
        h.inBackend = h.value != null;
    }
}
