package com.shopwatch.pipeline.feedback;

import com.shopwatch.review.ShadowSampling;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.ReviewTasks;
import com.shopwatch.review.TaskRouting;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends shadow-mode matches (shadow rules and detectors, and rules the flood breaker switched to
 * shadow) to moderators as one-reason tasks, so shadow rules can be judged before they enforce.
 * Keyed by rule × country: the first {@code --feedback.shadow-min-samples} matches of each
 * (event-time, UTC) day are always sampled — a rare rule still gets judged — and beyond that
 * {@code --feedback.shadow-sample-rate} of them, chosen by a hash of the flag id (the same on
 * every replay).
 */
public final class ShadowSampler extends KeyedProcessFunction<String, ReviewFlag, ReviewTask> {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final double rate;
    private final int minPerDay;
    private final TaskRouting routing;
    /** Samples taken by the minimum in the current day, with the day: {day, count}. */
    private transient ValueState<long[]> today;
    private transient Counter samples;

    public ShadowSampler(double rate, int minPerDay, TaskRouting routing) {
        this.rate = rate;
        this.minPerDay = minPerDay;
        this.routing = routing;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<long[]> descriptor = new ValueStateDescriptor<>("shadow-samples-today",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(2))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .build());
        today = getRuntimeContext().getState(descriptor);
        samples = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("feedback").counter("shadowSamples");
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewTask> out) throws Exception {
        if (!"shadow".equals(flag.mode)) {
            return;
        }
        boolean sampled = ShadowSampling.sampled(flag.flagId, rate);
        if (!sampled && minPerDay > 0) {
            long day = Math.floorDiv(flag.eventTimeMs, DAY_MS);
            long[] t = today.value();
            if (t == null || t[0] < day) {
                t = new long[] {day, 0};
            }
            if (t[0] == day && t[1] < minPerDay) {
                t[1]++;
                today.update(t);
                sampled = true;
            }
        }
        if (sampled) {
            samples.inc();
            out.collect(ReviewTasks.shadowSample(flag, routing, System.currentTimeMillis()));
        }
    }
}
