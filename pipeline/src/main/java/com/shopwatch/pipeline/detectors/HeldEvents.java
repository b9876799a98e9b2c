package com.shopwatch.pipeline.detectors;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.types.SharedOnCheckpointSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * Events a detector parks until the watermark passes their time, per key and instant, in memory.
 * They wait a few seconds at most (the out-of-orderness bound), so keeping them on the heap saves
 * four keyed-state operations per event (a read and a write to park, a read and a delete to take
 * back) and the event's serialisation into RocksDB. The durable copy is union operator state,
 * written at each checkpoint: on restore, at any parallelism, every subtask keeps the events whose
 * key falls in its key groups, and sets their timers again ({@link PolicyAwareDetector#registerTimer}).
 *
 * <p>The checkpoint shares the parked events instead of copying them
 * ({@link SharedOnCheckpointSerializer}): a parked event is never changed, neither while it
 * waits nor after the detector takes it back to judge it (detectors only read events).
 */
final class HeldEvents {
    /** One parked event and its key: the element of the checkpointed list. */
    public static final class Held {
        public String key;
        public CommerceEvent event;

        public Held() {
        }

        Held(String key, CommerceEvent event) {
            this.key = key;
            this.event = event;
        }
    }

    private record At(String key, long time) {}

    private final Map<At, CommerceEvent[]> byInstant = new HashMap<>();
    private final ListState<Held> checkpointed;

    private HeldEvents(ListState<Held> checkpointed) {
        this.checkpointed = checkpointed;
    }

    /**
     * The detector's held events, restored from {@code stateName} when the job restarts from a
     * checkpoint: of the union every subtask reads, the events whose key {@code ownsKey}.
     */
    static HeldEvents restore(FunctionInitializationContext context, String stateName, TypeSerializer<Held> pojoSerializer,
            Predicate<String> ownsKey) throws Exception {
        ListState<Held> state = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(stateName + SHARED_SUFFIX, new SharedOnCheckpointSerializer<>(pojoSerializer)));
        HeldEvents held = new HeldEvents(state);
        if (context.isRestored()) {
            held.keepOwn(state.get(), ownsKey);
            if (context.getOperatorStateStore().getRegisteredStateNames().contains(stateName)) {
                // A checkpoint of the version that copied held events at each checkpoint (under
                // the plain name): read them, then empty that state for good.
                ListState<Held> copied = context.getOperatorStateStore().getUnionListState(
                        new ListStateDescriptor<>(stateName, TypeInformation.of(Held.class)));
                held.keepOwn(copied.get(), ownsKey);
                copied.clear();
            }
        }
        return held;
    }

    /**
     * The operator state's name is the detector's held-events name with this suffix: the same
     * events as under the plain name in earlier versions, on a serializer that does not copy them.
     */
    static final String SHARED_SUFFIX = "-shared";

    /** Whether {@code names} (an operator's restored state) holds this detector's held events, in either form. */
    static boolean restoredFrom(java.util.Set<String> names, String stateName) {
        return names.contains(stateName) || names.contains(stateName + SHARED_SUFFIX);
    }

    private void keepOwn(Iterable<Held> restored, Predicate<String> ownsKey) {
        for (Held h : restored) {
            if (ownsKey.test(h.key)) {
                add(h.key, h.event);
            }
        }
    }

    /** Parks {@code event} under {@code key} at its event time. */
    void add(String key, CommerceEvent event) {
        At at = new At(key, event.eventTime);
        CommerceEvent[] same = byInstant.get(at);
        CommerceEvent[] next = same == null ? new CommerceEvent[1] : Arrays.copyOf(same, same.length + 1);
        next[next.length - 1] = event;
        byInstant.put(at, next);
    }

    /** The events parked under {@code key} for {@code time}, removed and sorted by {@code order}; null when none. */
    CommerceEvent[] take(String key, long time, Comparator<CommerceEvent> order) {
        CommerceEvent[] due = byInstant.remove(new At(key, time));
        if (due != null && due.length > 1) {
            Arrays.sort(due, order);
        }
        return due;
    }

    /** Every key and instant with parked events (each once). */
    void forEachInstant(java.util.function.ObjLongConsumer<String> action) {
        for (At at : byInstant.keySet()) {
            action.accept(at.key(), at.time());
        }
    }

    /** Writes every parked event to the checkpointed list (called at each checkpoint). */
    void snapshot() throws Exception {
        List<Held> all = new ArrayList<>();
        for (Map.Entry<At, CommerceEvent[]> e : byInstant.entrySet()) {
            for (CommerceEvent event : e.getValue()) {
                all.add(new Held(e.getKey().key(), event));
            }
        }
        checkpointed.update(all);
    }
}
