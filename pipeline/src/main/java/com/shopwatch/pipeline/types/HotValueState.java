package com.shopwatch.pipeline.types;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A detector's keyed value state whose values for the keys it used lately stay on the heap: read
 * from the state backend once, then changed in memory, and written back at each checkpoint (and
 * the eldest when more keys are held than {@link #maxKeys}), so the backend holds at every
 * checkpoint what it would hold had every change gone straight to it. A key made and cleared
 * between two checkpoints never reaches the backend: in a replay, where an hour of event time
 * passes in seconds, that is most images and bursts. A clear goes to the backend at once (the
 * key is current then) when the backend may have a value.
 *
 * <p>A value written back stays held while it keeps changing; one not changed since the previous
 * checkpoint is let go of, so the next read asks the backend, which applies the state's TTL. A
 * value is stamped when written back, so it expires at most two checkpoint intervals later than
 * had each change been written at once (the TTL is at least an hour).
 *
 * <p>Once its operator calls {@link #checkpointIn}, a checkpoint keeps the values changed since the
 * previous one in union operator state instead ({@code <state>-held-values}, see
 * {@link #checkpoint}): a RocksDB write at every checkpoint and a delete when the key is cleared
 * cost more than a copy and a write to the checkpoint's stream (a 1 M-event replay wrote and later
 * deleted ~500 000 ring sizes per checkpoint). A value unchanged for a whole interval still goes
 * to the backend and is let go of, as above. The keyed backend and the list are then one state:
 * a restore at any parallelism takes each subtask's keys from the list back onto the heap, or into
 * the backend when nothing is held.
 *
 * <p>Only the operator a state's function runs in writes values back, setting each key first
 * (the detectors' {@code HotStateDetectorOperator}, the review tasks' {@code HeldStateKeyedProcessOperator}); callers
 * read and change values of the current key only, as with a {@link ValueState}. A value handed
 * out is the one held: change it, then {@link #update} it, as the heap state backend requires too.
 */
public final class HotValueState<V> {
    /** Held keys per state and subtask before the eldest are written back (a replay's {@code detectors.hot-keys}). */
    public static final int DEFAULT_MAX_KEYS = 500_000;

    private final ValueState<V> backend;
    /** The backend's descriptor: its name names the checkpointed list, its serializer writes the list's values; null: none. */
    private final ValueStateDescriptor<V> descriptor;
    private final int maxKeys;
    /** Where a checkpoint keeps the values changed since the previous one; null: in the backend. */
    private ListState<HeldValuesSerializer.Chunk<V>> checkpointed;
    /** The checkpointed list holds the last checkpoint's values: emptied after the next element (the checkpoint shares them). */
    private boolean listed;
    /** In the order keys were first held: the eldest go first when there are too many. */
    private final LinkedHashMap<String, Held<V>> held = new LinkedHashMap<>();

    private static final class Held<V> {
        V value;
        /** Changed since the backend last had it. */
        boolean dirty;
        /** The backend may have a value for the key (a clear must reach it). */
        boolean inBackend;
        /** Changed since the last write-back. */
        boolean changed;

        Held(V value, boolean dirty, boolean inBackend) {
            this.value = value;
            this.dirty = dirty;
            this.inBackend = inBackend;
            this.changed = dirty;
        }
    }

    /** {@code maxKeys} 0: nothing held, every read and change goes to the backend at once. */
    public HotValueState(ValueState<V> backend, int maxKeys) {
        this(backend, null, maxKeys);
    }

    /**
     * {@code backend} made from {@code descriptor} (so its serializer is set): the held values can
     * then be checkpointed in operator state ({@link #checkpointIn}).
     */
    public HotValueState(ValueState<V> backend, ValueStateDescriptor<V> descriptor, int maxKeys) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.maxKeys = maxKeys;
    }

    /** The operator state a checkpoint keeps held values of {@code stateName} in. */
    public static String checkpointedName(String stateName) {
        return stateName + "-held-values";
    }

    /**
     * From now on a checkpoint ({@link #checkpoint}) keeps the values changed since the previous
     * one in union operator state of {@code store}; restores this subtask's values of a restored
     * checkpoint, those whose key {@code ownsKey}: onto the heap, or, with nothing held (0 keys),
     * into the backend, {@code setKey} making each key current first. Called by the operator once
     * the state exists, before any element or timer.
     */
    public void checkpointIn(OperatorStateStore store, Predicate<String> ownsKey, Consumer<String> setKey) throws Exception {
        if (descriptor == null) {
            throw new IllegalStateException("a held state made without its descriptor cannot be checkpointed in operator state");
        }
        checkpointed = store.getUnionListState(new ListStateDescriptor<>(checkpointedName(descriptor.getName()),
                new HeldValuesSerializer<>(descriptor.getSerializer())));
        Iterable<HeldValuesSerializer.Chunk<V>> restored = checkpointed.get();
        if (restored == null) {
            return;
        }
        for (HeldValuesSerializer.Chunk<V> chunk : restored) {
            chunk.forEach(ownsKey, (key, inBackend, value) -> {
                if (maxKeys <= 0) {
                    setKey.accept(key);
                    backend.update(value);
                } else {
                    held.put(key, new Held<>(value, true, inBackend));
                }
            });
        }
        checkpointed.clear(); // every subtask's values, read whole: the next checkpoint lists this one's
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
        if (v != null) {
            held.put(key, new Held<>(v, false, true));
        }
        return v;
    }

    /**
     * Sets the current key's value (in memory until the next write-back). A key not held must
     * have just been read and found without a value, as the detectors do: it is taken to be new.
     */
    public void update(String key, V value) throws IOException {
        if (maxKeys <= 0) {
            backend.update(value);
            return;
        }
        Held<V> h = held.get(key);
        if (h == null) {
            // not held: read as absent (a new key) or never read; a clear then checks the backend
            held.put(key, new Held<>(value, true, false));
        } else {
            h.value = value;
            h.dirty = true;
            h.changed = true;
        }
    }

    /** Clears the current key's value, in the backend at once if it may have one. */
    public void clear(String key) throws IOException {
        Held<V> h = maxKeys <= 0 ? null : held.remove(key);
        if (h == null || h.inBackend) {
            backend.clear(); // not held (the backend may have it), or written back before
        }
    }

    /** Whether values are held at all (a value handed out may then carry what its holder keeps with it). */
    public boolean holding() {
        return maxKeys > 0;
    }

    /** Keys held now. */
    public int size() {
        return held.size();
    }

    public boolean overBound() {
        return maxKeys > 0 && held.size() > maxKeys;
    }

    /**
     * Writes every changed value back, {@code setKey} making each key current first; keeps the
     * values changed since the previous write-back and lets go of the others.
     */
    public void writeBack(Consumer<String> setKey) throws IOException {
        Iterator<Map.Entry<String, Held<V>>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Held<V>> e = it.next();
            Held<V> h = e.getValue();
            if (h.dirty) {
                write(e.getKey(), h, setKey);
            }
            if (!h.changed) {
                it.remove();
            }
            h.changed = false;
        }
    }

    /** Writes back and lets go of the eldest keys until a quarter below the bound. */
    public void shed(Consumer<String> setKey) throws IOException {
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

    /**
     * At a checkpoint, once {@link #checkpointIn} was called: the values changed since the previous
     * checkpoint go to the checkpointed list (the backend does not have them: a checkpoint of it
     * with the list is the whole state); the others are written back if the backend lacks them,
     * and let go of.
     */
    public void checkpoint(Consumer<String> setKey) throws Exception {
        if (checkpointed == null) {
            throw new IllegalStateException("held state '" + (descriptor == null ? "?" : descriptor.getName())
                    + "' checkpointed before its operator called checkpointIn");
        }
        HeldValuesSerializer.Writer<V> changed = new HeldValuesSerializer.Writer<>(descriptor.getSerializer());
        Iterator<Map.Entry<String, Held<V>>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Held<V>> e = it.next();
            Held<V> h = e.getValue();
            if (!h.changed) {
                if (h.dirty) {
                    write(e.getKey(), h, setKey);
                }
                it.remove();
            } else {
                h.changed = false;
                if (h.dirty) {
                    changed.add(e.getKey(), h.inBackend, h.value);
                }
            }
        }
        checkpointed.update(changed.chunks());
        listed = true;
    }

    /**
     * What the operator writes back: at a checkpoint ({@code all}) as {@link #checkpoint}; after
     * an element or timer only the eldest, and only while more keys are held than the bound, as
     * {@link #shed}.
     */
    public void writeBack(Consumer<String> setKey, boolean all) throws Exception {
        if (all) {
            checkpoint(setKey);
            return;
        }
        if (listed) {
            // the checkpoint has its own list of the chunks by now: this one need not keep them
            checkpointed.clear();
            listed = false;
        }
        if (overBound()) {
            shed(setKey);
        }
    }

    /** Whether {@link #writeBack(Consumer, boolean)} after an element or timer has anything to do. */
    public boolean writeBackDue() {
        return listed || overBound();
    }

    /** Writes held values back, given how to make each key current. */
    @FunctionalInterface
    public interface WriteBack {
        void run(Consumer<String> setKey) throws Exception;
    }

    /**
     * Runs {@code writeBack} in {@code operator}, making each key it writes current there, then
     * makes current again the key the operator had (its element's or timer's, whose processing
     * goes on).
     */
    public static void writeBackIn(KeyContext operator, WriteBack writeBack) throws Exception {
        Object current = operator.getCurrentKey();
        boolean[] moved = {false};
        writeBack.run(key -> {
            operator.setCurrentKey(key);
            moved[0] = true;
        });
        if (moved[0] && current != null) {
            operator.setCurrentKey(current);
        }
    }

    private void write(String key, Held<V> h, Consumer<String> setKey) throws IOException {
        setKey.accept(key);
        backend.update(h.value);
        h.dirty = false;
        h.inBackend = true;
    }
}
