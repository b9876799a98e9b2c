package com.shopwatch.pipeline.tasks;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.types.OwnedKeys;
import com.shopwatch.pipeline.types.SharedOnCheckpointSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by account: tells each enforce-mode flag how many other items of the same account were
 * flagged before it in event time (the account's history, for the task priority). Remembers
 * flagged items for {@code --tasks.history-ttl}; counts at most {@value #CAP}.
 *
 * <p>A flag waits here until the watermark passes its timestamp, and the flags of one timestamp go
 * in flag-id order: by then every flag of the account from before it has arrived, from whichever
 * partition, so the count depends on event time only and every replay gives the same priorities.
 * Tasks wait for their merge window anyway, so this costs them no latency.
 *
 * <p>Waiting flags are kept on the heap: they wait a few seconds at most (the out-of-orderness
 * bound), and keyed state cost a read and a write to park each and a read and a delete to take it
 * back, each a RocksDB call and a reflective serialisation of the flags of that instant. The
 * durable copy is union operator state, written at each checkpoint; on restore, at any
 * parallelism, each subtask keeps the flags whose account's key group it owns, where the restored
 * timers for them fire. Earlier versions kept them in keyed state ({@value #WAITING}): after a
 * restore from such a checkpoint those are still read when their timers fire.
 */
public final class AccountHistoryAnnotator extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final int CAP = 1_000;
    /** Keyed state of earlier versions: per account, the flags waiting for each instant. */
    static final String WAITING = "account-flags-waiting";
    /** Operator state: the flags waiting at a checkpoint, each with its account. */
    static final String HELD = "account-flags-held";

    /** One waiting flag, its account (the key) and its instant (the timer's): the element of the checkpointed list. */
    public static final class HeldFlag {
        public String account;
        public long time;
        public ReviewFlag flag;

        public HeldFlag() {
        }

        HeldFlag(String account, long time, ReviewFlag flag) {
            this.account = account;
            this.time = time;
            this.flag = flag;
        }
    }

    private record At(String account, long time) {}

    private final Duration historyTtl;
    private transient MapState<String, Long> flaggedItems;
    /** Flags waiting for the watermark to pass their instant, per account and instant. */
    private transient Map<At, ReviewFlag[]> waiting;
    private transient ListState<HeldFlag> checkpointed;
    /** Set after a restore from a checkpoint of a version that kept waiting flags in keyed state. */
    private transient MapState<Long, ReviewFlag[]> legacyWaiting;

    public AccountHistoryAnnotator(Duration historyTtl) {
        this.historyTtl = historyTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Long> d = new MapStateDescriptor<>("account-flagged-items", Types.STRING, Types.LONG);
        d.enableTimeToLive(StateTtlConfig.newBuilder(historyTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        flaggedItems = getRuntimeContext().getMapState(d);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        waiting = new HashMap<>();
        // restored state names include those not registered yet: asked before registering ours
        boolean earlierVersion = context.isRestored() && !context.getOperatorStateStore().getRegisteredStateNames().contains(HELD);
        // shared, not deep-copied, by the checkpoint: a waiting flag is not changed (annotate, below,
        // sets one field of a flag taken back, which a restore that sees it waiting sets again)
        checkpointed = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(HELD,
                new SharedOnCheckpointSerializer<>(getRuntimeContext().createSerializer(TypeInformation.of(HeldFlag.class)))));
        if (!context.isRestored()) {
            return;
        }
        for (HeldFlag h : checkpointed.get()) {
            if (OwnedKeys.belongsHere(h.account, getRuntimeContext().getTaskInfo())) {
                park(h.account, h.time, h.flag);
            }
        }
        if (earlierVersion) {
            legacyWaiting = context.getKeyedStateStore().getMapState(new MapStateDescriptor<>(WAITING, Types.LONG,
                    Types.OBJECT_ARRAY(TypeInformation.of(ReviewFlag.class))));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<HeldFlag> all = new ArrayList<>();
        waiting.forEach((at, flags) -> {
            for (ReviewFlag f : flags) {
                all.add(new HeldFlag(at.account(), at.time(), f));
            }
        });
        checkpointed.update(all);
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
        long at = ctx.timestamp() == null ? flag.eventTimeMs : ctx.timestamp();
        park(ctx.getCurrentKey(), at, flag);
        ctx.timerService().registerEventTimeTimer(at);
    }

    private void park(String account, long at, ReviewFlag flag) {
        At where = new At(account, at);
        ReviewFlag[] same = waiting.get(where);
        ReviewFlag[] next = same == null ? new ReviewFlag[1] : Arrays.copyOf(same, same.length + 1);
        next[next.length - 1] = flag;
        waiting.put(where, next);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        ReviewFlag[] due = waiting.remove(new At(ctx.getCurrentKey(), timestamp));
        if (legacyWaiting != null) {
            ReviewFlag[] old = legacyWaiting.get(timestamp);
            if (old != null) {
                legacyWaiting.remove(timestamp);
                due = due == null ? old : concat(due, old);
            }
        }
        if (due == null) {
            return;
        }
        Arrays.sort(due, Comparator.comparing((ReviewFlag f) -> f.flagId == null ? "" : f.flagId));
        for (ReviewFlag flag : due) {
            annotate(flag, timestamp);
            out.collect(flag);
        }
    }

    private static ReviewFlag[] concat(ReviewFlag[] a, ReviewFlag[] b) {
        ReviewFlag[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Counts the account's other items flagged before {@code at}, and remembers this one. */
    private void annotate(ReviewFlag flag, long at) throws Exception {
        int others = 0;
        Long known = null;
        for (Map.Entry<String, Long> item : flaggedItems.entries()) {
            if (item.getKey().equals(flag.itemId)) {
                known = item.getValue();
            } else if (item.getValue() < at && ++others >= CAP) {
                break;
            }
        }
        if (known == null && others < CAP) {
            flaggedItems.put(flag.itemId, at);
        }
        flag.accountFlaggedItems = others;
    }
}
