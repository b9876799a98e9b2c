package com.shopwatch.pipeline.tasks;

import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by account: tells each enforce-mode flag how many other items of the same account were
 * flagged before it (the account's history, for the task priority). Remembers flagged items for
 * {@code --tasks.history-ttl}; counts at most {@value #CAP}.
 */
public final class AccountHistoryAnnotator extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag> {
    private static final long serialVersionUID = 1L;
    static final int CAP = 1_000;

    private final Duration historyTtl;
    private transient MapState<String, Long> flaggedItems;

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
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
        int others = 0;
        boolean known = false;
        for (String item : flaggedItems.keys()) {
            if (item.equals(flag.itemId)) {
                known = true;
            } else if (++others >= CAP) {
                break;
            }
        }
        if (!known && others < CAP) {
            flaggedItems.put(flag.itemId, flag.eventTimeMs);
        }
        flag.accountFlaggedItems = others;
        out.collect(flag);
    }
}
