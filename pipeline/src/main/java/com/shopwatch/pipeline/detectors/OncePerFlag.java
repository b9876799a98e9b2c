package com.shopwatch.pipeline.detectors;

import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.Comparator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by flag id: lets one flag of each id through. The duplicate-content detector is keyed by
 * image, so a listing with two images of a ring is found twice, once per image, under the same
 * flag id (event, detector, policy version); moderators get it once. The copies of one event-time
 * instant are compared when the watermark passes it and the first in a fixed order wins, so every
 * replay keeps the same evidence; a copy from a later instant is dropped.
 */
public final class OncePerFlag extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag> {
    private static final long serialVersionUID = 1L;

    /** Which of two copies of one instant is kept: the smaller evidence text, then the smaller pattern. */
    static final Comparator<ReviewFlag> ORDER = Comparator
            .comparing((ReviewFlag f) -> f.evidence == null || f.evidence.length == 0 || f.evidence[0].matchedText == null
                    ? "" : f.evidence[0].matchedText)
            .thenComparing(f -> f.evidence == null || f.evidence.length == 0 || f.evidence[0].pattern == null
                    ? "" : f.evidence[0].pattern);

    private final Duration ttl;
    private transient ValueState<ReviewFlag> pending;
    private transient ValueState<Long> sent;
    private transient Counter repeats;

    public OncePerFlag(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig expiry = StateTtlConfig.newBuilder(ttl).build();
        ValueStateDescriptor<ReviewFlag> p = new ValueStateDescriptor<>("flag-pending", TypeInformation.of(ReviewFlag.class));
        p.enableTimeToLive(expiry);
        pending = getRuntimeContext().getState(p);
        ValueStateDescriptor<Long> s = new ValueStateDescriptor<>("flag-sent", Types.LONG);
        s.enableTimeToLive(expiry); // a repeat comes within the detector's window; the id is not needed after
        sent = getRuntimeContext().getState(s);
        repeats = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("repeatedFlagsDropped");
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
        if (sent.value() != null) {
            repeats.inc();
            return;
        }
        ReviewFlag held = pending.value();
        if (held == null) {
            pending.update(flag);
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() == null ? flag.eventTimeMs : ctx.timestamp());
        } else {
            repeats.inc();
            if (ORDER.compare(flag, held) < 0) {
                pending.update(flag);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        ReviewFlag held = pending.value();
        if (held != null) {
            out.collect(held);
            pending.clear();
            sent.update(timestamp);
        }
    }
}
