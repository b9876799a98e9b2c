package com.shopwatch.pipeline.tasks;

import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
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
 */
public final class AccountHistoryAnnotator extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag> {
    private static final long serialVersionUID = 1L;
    static final int CAP = 1_000;

    private final Duration historyTtl;
    private transient MapState<String, Long> flaggedItems;
    private transient MapState<Long, ReviewFlag[]> waiting;

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
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("account-flags-waiting", Types.LONG,
                Types.OBJECT_ARRAY(TypeInformation.of(ReviewFlag.class))));
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
        long at = ctx.timestamp() == null ? flag.eventTimeMs : ctx.timestamp();
        ReviewFlag[] same = waiting.get(at);
        ReviewFlag[] next = same == null ? new ReviewFlag[1] : Arrays.copyOf(same, same.length + 1);
        next[next.length - 1] = flag;
        waiting.put(at, next);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        ReviewFlag[] due = waiting.get(timestamp);
        if (due == null) {
            return;
        }
        waiting.remove(timestamp);
        Arrays.sort(due, Comparator.comparing((ReviewFlag f) -> f.flagId == null ? "" : f.flagId));
        for (ReviewFlag flag : due) {
            annotate(flag, timestamp);
            out.collect(flag);
        }
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
