package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.detect.EventTimeTimers;
import com.shopwatch.detect.KeyedStateIndex;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.policies.PolicyTracker;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * What every windowed detector shares: thresholds per country from the policy packs (the bundled
 * set until the first policy update; each accepted update after), event-time lateness, and the
 * late-event counts that go to the metrics stream instead of being dropped.
 *
 * <p>An event is late for a detector when it is older than the watermark minus the allowed
 * lateness: its windows may already be cleaned up, so it is counted in the metrics
 * ({@code detector} series, {@code late_events}) and not in detector state.
 */
public abstract class PolicyAwareDetector<OUT> extends KeyedBroadcastProcessFunction<String, CommerceEvent, PolicyUpdate, OUT>
        implements org.apache.flink.streaming.api.checkpoint.CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Late events and other per-detector counts, for the metrics stream. */
    public static final OutputTag<MetricsContribution> DETECTOR_METRICS = new OutputTag<>("detector-metrics") {};

    private final DetectorKind kind;
    private final PolicyTracker tracker;
    protected final long allowedLatenessMs;
    /** Safety net behind the event-time cleanup timers (e.g. a watermark that stops advancing). */
    protected final Duration stateTtl;

    protected PolicyAwareDetector(DetectorKind kind, Map<String, String> defaultPacks, Duration allowedLateness,
            Duration stateTtl) {
        this.kind = kind;
        this.tracker = new PolicyTracker(defaultPacks);
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.stateTtl = stateTtl;
    }

    private transient Counter fires;
    private transient Counter lateEvents;

    public DetectorKind kind() {
        return kind;
    }

    /** Registers the detector's Flink metrics, then its state ({@link #openState}). */
    @Override
    public final void open(OpenContext openContext) throws Exception {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("detector", kind.code());
        fires = group.counter("fires");
        lateEvents = group.counter("lateEvents");
        openState();
    }

    /** Creates the detector's keyed state (with {@link #ttl()}). */
    protected abstract void openState() throws Exception;

    /** Counts one output (a flag, a trend record) in the Flink metrics. */
    protected final OUT fired(OUT output) {
        fires.inc();
        return output;
    }

    /** {@link #fired(Object)} for a flag raised by {@code trigger}: the flag carries its ingestion time. */
    protected final OUT fired(OUT output, CommerceEvent trigger) {
        if (output instanceof ReviewFlag flag) {
            flag.ingestionTimeMs = trigger.ingestionTime;
        }
        return fired(output);
    }

    /**
     * Events waiting for the watermark to pass their time (see {@link #holdUntilWatermark}): a
     * detector that judges them in event-time order decides the same in every replay, whichever
     * partition each event came from. In memory, checkpointed as operator state; null for a
     * detector that does not hold events.
     */
    private transient HeldEvents held;
    /**
     * Set when the job restored a checkpoint of a version that kept held events in keyed state
     * ({@code legacyWaitingState}): those are still read when their timers fire.
     */
    private transient boolean legacyWaiting;
    private transient org.apache.flink.api.common.state.MapState<Long, CommerceEvent[]> legacyWaitingState;
    /**
     * Which keys have state on this subtask, for a detector that keeps it in step (see
     * {@link KeyedStateIndex}): complete only when the subtask started without state.
     */
    private transient KeyedStateIndex stateIndex;

    /**
     * The keyed state name under which earlier versions held events, or null for a detector
     * that holds none. A detector that holds events names it; the held events themselves live in
     * operator state {@code <name>-held}.
     */
    protected String heldEventsName() {
        return null;
    }

    /**
     * The detector's own event-time timers (see {@link #registerTimer}): those of its held events
     * and those it sets itself; its operator fires them as the watermark passes.
     */
    private transient EventTimeTimers timers;
    private transient org.apache.flink.api.common.state.ListState<EventTimeTimers.Snapshot> checkpointedTimers;
    /** Set by the operator that fires the own timers ({@link HotStateDetectorOperator}); without it none would fire. */
    private transient boolean timersFired;

    /** Union operator state of the own timers: every subtask reads all on restore and keeps its keys'. */
    private static final String TIMERS_STATE = "detector-timers";

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context) throws Exception {
        stateIndex = new KeyedStateIndex(!context.isRestored(), KeyedStateIndex.DEFAULT_CAPACITY);
        timers = new EventTimeTimers();
        // shared, not copied, at each checkpoint: every snapshot is a fresh table nobody changes
        checkpointedTimers = context.getOperatorStateStore().getUnionListState(new org.apache.flink.api.common.state.ListStateDescriptor<>(
                TIMERS_STATE, new com.shopwatch.pipeline.types.SharedOnCheckpointSerializer<>(getRuntimeContext().createSerializer(
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(EventTimeTimers.Snapshot.class)))));
        if (context.isRestored()) {
            for (EventTimeTimers.Snapshot s : checkpointedTimers.get()) {
                timers.restore(s, this::keyLivesHere);
            }
        }
        String name = heldEventsName();
        if (name == null) {
            return;
        }
        String heldName = name + "-held";
        // A restored checkpoint without the operator state was written by a version that held
        // events in keyed state: read that too until the job restarts from a newer checkpoint.
        legacyWaiting = context.isRestored()
                && !HeldEvents.restoredFrom(context.getOperatorStateStore().getRegisteredStateNames(), heldName);
        held = HeldEvents.restore(context, heldName,
                getRuntimeContext().createSerializer(org.apache.flink.api.common.typeinfo.TypeInformation.of(HeldEvents.Held.class)),
                this::keyLivesHere);
        // A held event's timer, whether or not the checkpoint had the own timers: a version that set
        // Flink timers for them wrote none (its restored Flink timer then finds nothing to judge).
        held.forEachInstant(timers::register);
        if (legacyWaiting) {
            org.apache.flink.api.common.state.MapStateDescriptor<Long, CommerceEvent[]> d =
                    new org.apache.flink.api.common.state.MapStateDescriptor<>(name,
                            org.apache.flink.api.common.typeinfo.Types.LONG,
                            org.apache.flink.api.common.typeinfo.Types.OBJECT_ARRAY(
                                    org.apache.flink.api.common.typeinfo.TypeInformation.of(CommerceEvent.class)));
            d.enableTimeToLive(ttl());
            legacyWaitingState = context.getKeyedStateStore().getMapState(d);
        }
    }

    /**
     * True when {@code key}'s key group belongs to this subtask: of union operator state, which
     * every subtask reads whole on restore, each keeps what its keyed state and timers hold.
     */
    protected final boolean keyLivesHere(String key) {
        return com.shopwatch.pipeline.types.OwnedKeys.belongsHere(key, getRuntimeContext().getTaskInfo());
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) throws Exception {
        if (held != null) {
            held.snapshot();
        }
        checkpointedTimers.update(timers.size() == 0 ? List.of() : List.of(timers.snapshot()));
    }

    /**
     * Sets an event-time timer of the detector's own for {@code key} at {@code time}: when the
     * watermark reaches it, {@link #onTimer} is called with the key current, as for a timer of
     * Flink's timer service, whose contract it keeps ({@link EventTimeTimers}). Kept on the heap
     * and checkpointed in operator state; for the timers a detector sets in bulk (one per key
     * it touches), where Flink's heap queue is the cost.
     */
    protected final void registerTimer(String key, long time) {
        if (!timersFired) {
            throw new IllegalStateException(kind.code() + ": its own timers fire only in a HotStateDetectorOperator");
        }
        timers.register(key, time);
    }

    /** Called by the operator that fires the own timers, when it opens. */
    final void firesOwnTimers() {
        timersFired = true;
    }

    /** Fires the own timers at or before {@code watermark}, earliest first; returns how many. */
    final int fireTimersUpTo(long watermark, EventTimeTimers.Firing firing) throws Exception {
        return timers.fireUpTo(watermark, firing);
    }

    /** Own timers set and not fired yet (for tests: none once a detector has cleaned up). */
    public final int pendingTimers() {
        return timers.size();
    }

    /** This subtask's index of the keys with state: a detector that uses it records every write and clear. */
    protected final KeyedStateIndex stateIndex() {
        return stateIndex;
    }

    /** The current key's value, or null without a read when the state index knows the key has no state. */
    protected final <T> T indexedValue(org.apache.flink.api.common.state.ValueState<T> state, String key) throws Exception {
        return stateIndex.certainlyWithout(key) ? null : state.value();
    }

    /** {@link #indexedValue(org.apache.flink.api.common.state.ValueState, String)} of a state held on the heap. */
    protected final <T> T indexedValue(HotValueState<T> state, String key) throws Exception {
        return state.value(key, stateIndex.certainlyWithout(key));
    }

    /** Keys per heap-held state ({@link #hot}); 0: none held. */
    private int hotKeys = HotValueState.DEFAULT_MAX_KEYS;

    /** Sets how many keys per state {@link #hot} holds on the heap (option {@code detectors.hot-keys}); 0: none. */
    public final PolicyAwareDetector<OUT> withHotKeys(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("hot keys must be >= 0, got " + keys);
        }
        this.hotKeys = keys;
        return this;
    }

    /** The detector's states whose recent values live on the heap ({@link #hot}); written back by its operator. */
    private transient java.util.List<HotValueState<?>> hotStates;

    /**
     * The state of {@code descriptor} with the values of recently used keys on the heap
     * ({@link HotValueState}), for a state read and written for most events. Call from
     * {@link #openState}.
     */
    protected final <T> HotValueState<T> hot(org.apache.flink.api.common.state.ValueStateDescriptor<T> descriptor) {
        HotValueState<T> h = new HotValueState<>(getRuntimeContext().getState(descriptor), descriptor, hotKeys);
        if (hotStates == null) {
            hotStates = new java.util.ArrayList<>(2);
        }
        hotStates.add(h);
        return h;
    }

    /**
     * Writes the heap-held values back to the state backend ({@code all}: every changed one, as
     * before a checkpoint; else only those of states over their bound), {@code setKey} making
     * each key current first. {@link HotStateDetectorOperator} calls it.
     */
    final void writeBackHotState(java.util.function.Consumer<String> setKey, boolean all) throws Exception {
        if (hotStates != null) {
            for (HotValueState<?> h : hotStates) {
                h.writeBack(setKey, all);
            }
        }
        writeBackHeld(setKey, all);
    }

    /**
     * Whether {@link #writeBackHotState} after an element or timer ({@code all} false) has anything
     * to do: most have nothing, and the operator then makes no key current and allocates nothing.
     */
    final boolean writeBackDue() {
        if (hotStates != null) {
            for (HotValueState<?> h : hotStates) {
                if (h.writeBackDue()) {
                    return true;
                }
            }
        }
        return heldWriteBackDue();
    }

    /** For a detector that overrides {@link #writeBackHeld}: whether it has anything to write after an element or timer. */
    protected boolean heldWriteBackDue() {
        return false;
    }

    /**
     * Every value held on the heap to the state backend, {@code setKey} making each key current
     * first: for tests that count the detector's state where the backend keeps it.
     */
    final void flushHotState(java.util.function.Consumer<String> setKey) throws Exception {
        if (hotStates != null) {
            for (HotValueState<?> h : hotStates) {
                h.writeBack(setKey);
            }
        }
        writeBackHeld(setKey, true);
    }

    /**
     * Checkpoints the detector's held values in {@code store} from now on, and restores this
     * subtask's ({@link HotValueState#checkpointIn}). {@link HotStateDetectorOperator} calls it
     * once the detector is open.
     */
    final void checkpointHotStateIn(org.apache.flink.api.common.state.OperatorStateStore store,
            java.util.function.Consumer<String> setKey) throws Exception {
        if (hotStates != null) {
            for (HotValueState<?> h : hotStates) {
                h.checkpointIn(store, this::keyLivesHere, setKey);
            }
        }
    }

    /**
     * For a detector that keeps changes on the heap in a form of its own (not a {@link #hot}
     * value): write them to state, {@code setKey} making each key current first; {@code all} as
     * in {@link #writeBackHotState}, else only what is over the detector's bound.
     */
    protected void writeBackHeld(java.util.function.Consumer<String> setKey, boolean all) throws Exception {
    }

    /** Whether changes may stay on the heap between checkpoints ({@code detectors.hot-keys} above 0). */
    protected final boolean holdsOnHeap() {
        return hotKeys > 0;
    }

    /** Keys per state that stay on the heap ({@code detectors.hot-keys}); 0: none. */
    protected final int hotKeys() {
        return hotKeys;
    }

    /**
     * Parks {@code e} until the watermark passes its time, with an own timer ({@link #registerTimer})
     * there; {@link #dueAt} then hands it back.
     */
    protected final void holdUntilWatermark(CommerceEvent e, ReadOnlyContext ctx) {
        registerTimer(ctx.getCurrentKey(), e.eventTime);
        held.add(ctx.getCurrentKey(), e);
    }

    /**
     * The events of the current key parked for {@code timestamp}, removed and sorted by
     * {@code order} (events of one instant in a fixed order), or null when none waited for it.
     */
    protected final CommerceEvent[] dueAt(OnTimerContext ctx, long timestamp, java.util.Comparator<CommerceEvent> order)
            throws Exception {
        CommerceEvent[] due = held.take(ctx.getCurrentKey(), timestamp, order);
        if (legacyWaiting) {
            CommerceEvent[] old = legacyWaitingState.get(timestamp);
            if (old != null) {
                legacyWaitingState.remove(timestamp);
                CommerceEvent[] both = due == null ? old : java.util.Arrays.copyOf(due, due.length + old.length);
                if (due != null) {
                    System.arraycopy(old, 0, both, due.length, old.length);
                }
                java.util.Arrays.sort(both, order);
                due = both;
            }
        }
        return due;
    }

    /** The country's policy (its detector thresholds and the version named on flags). */
    protected CompiledCountryPolicy policy(ReadOnlyBroadcastState<String, String> packs, String country) throws Exception {
        return tracker.policies(packs).forCountry(country);
    }

    /**
     * The longest window any country uses for this detector: cleanup keeps what the most patient
     * country could still need.
     */
    protected long longestWindow(ReadOnlyBroadcastState<String, String> packs, ToLongFunction<DetectorSettings> window)
            throws Exception {
        CompiledPolicySet set = tracker.policies(packs);
        long longest = window.applyAsLong(set.fallback().detectors());
        for (CompiledCountryPolicy p : set.countries().values()) {
            longest = Math.max(longest, window.applyAsLong(p.detectors()));
        }
        return longest;
    }

    /** True (and counted in the metrics) when the event is too late for this detector's windows. */
    protected boolean late(CommerceEvent event, ReadOnlyContext ctx) {
        return late(event, ctx, event.eventTime + allowedLatenessMs);
    }

    /**
     * True (and counted in the metrics) when the watermark has passed {@code closesAt}: the
     * instant after which the event's window no longer takes events (sliding windows: the
     * event's time plus the lateness; tumbling windows: the window's end plus the lateness).
     */
    protected boolean late(CommerceEvent event, ReadOnlyContext ctx, long closesAt) {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && watermark > closesAt) {
            lateEvents.inc();
            ctx.output(DETECTOR_METRICS, MetricsContribution.detectorLate(kind.code(), event.country));
            return true;
        }
        return false;
    }

    /** Removes the entries whose event time ({@code time}) is before {@code horizon}; returns how many. */
    protected static <V> int removeOlderThan(MapState<String, V> map, ToLongFunction<V> time, long horizon) throws Exception {
        return removeOlderThan(null, map, time, horizon);
    }

    /**
     * {@link #removeOlderThan(MapState, ToLongFunction, long)} for a map that may have a heap copy
     * kept in step with it ({@code copy}, else null): the copy is scanned instead of the map, and
     * the entries removed from both.
     */
    protected static <V> int removeOlderThan(Map<String, V> copy, MapState<String, V> map, ToLongFunction<V> time, long horizon)
            throws Exception {
        List<String> old = new ArrayList<>();
        for (Map.Entry<String, V> e : copy != null ? copy.entrySet() : map.entries()) {
            if (time.applyAsLong(e.getValue()) < horizon) {
                old.add(e.getKey());
            }
        }
        for (String k : old) {
            if (copy != null) {
                copy.remove(k);
            }
            map.remove(k);
        }
        return old.size();
    }

    /** TTL for a state descriptor: processing-time, refreshed on write, never returns expired state. */
    protected StateTtlConfig ttl() {
        return StateTtlConfig.newBuilder(stateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }

    @Override
    public void processBroadcastElement(PolicyUpdate update, Context ctx, Collector<OUT> out) throws Exception {
        // Validation and status reporting are the policy evaluator's; here the set just follows.
        tracker.apply(update, ctx.getBroadcastState(PolicyBroadcast.PACKS));
    }
}
