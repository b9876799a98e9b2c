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
 * flag id (event, detector, policy version); moderators get it once: the copy found first in event
 * time, and of copies found at one instant the first in a fixed order, so every replay keeps the
 * same evidence. It goes out when the watermark passes it; a copy found later is dropped.
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
    private transient ValueState<Long> pendingAt;
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
        ValueStateDescriptor<Long> a = new ValueStateDescriptor<>("flag-pending-at", Types.LONG);
        a.enableTimeToLive(expiry);
        pendingAt = getRuntimeContext().getState(a);
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
        long at = ctx.timestamp() == null ? flag.eventTimeMs : ctx.timestamp();
        ReviewFlag held = pending.value();
        if (held == null) {
            pending.update(flag);
            pendingAt.update(at);
            ctx.timerService().registerEventTimeTimer(at);
            return;
        }
        repeats.inc();
        long heldAt = pendingAt.value();
        // the copy found first in event time wins (one from a faster partition may arrive first)
        if (at < heldAt || (at == heldAt && ORDER.compare(flag, held) < 0)) {
            pending.update(flag);
            pendingAt.update(at);
            if (at < heldAt) {
                ctx.timerService().registerEventTimeTimer(at);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        ReviewFlag held = pending.value();
        if (held != null && pendingAt.value() <= timestamp) {
            out.collect(held);
            pending.clear();
            pendingAt.clear();
            sent.update(timestamp);
        }
    }
}
