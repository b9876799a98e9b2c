package com.shopwatch.pipeline.tasks;

import com.shopwatch.review.CountryTraffic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by country: adds up the {@link CountryTrafficPreAggregator}'s partial sums per event-time
 * window and emits the window's total once the watermark passes its end, for the flood breaker's
 * share criterion. Exactly one record per country and non-empty window: a partial that arrives
 * after its window was emitted (events later than the watermark) counts in the window open at
 * the watermark, like late events in the metrics, so a window's total is never revised downwards.
 *
 * <p>The first window this subtask opens for a country after it starts is emitted
 * {@link CountryTraffic#partialWindow partial}: the job may have started inside it. Kept in memory, not
 * in state: after a restore, the first window opened (in fact whole) is taken as partial too, so
 * the share criterion waits a window more than it needs to, which errs towards enforcing.
 *
 * <p>State: window start → events, for the windows not yet emitted (one or two per country in
 * steady traffic); each entry is removed by its window's timer. No TTL: the keys are countries
 * and an expired entry would be a count lost, not garbage collected.
 */
public final class CountryTrafficCounter extends KeyedProcessFunction<String, CountryTraffic, CountryTraffic> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    private transient MapState<Long, Long> counts;
    /** Country → the first window this subtask counted for it since it started. */
    private transient Map<String, Long> firstWindow;

    public CountryTrafficCounter(Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("country-traffic", Types.LONG, Types.LONG));
        firstWindow = new HashMap<>();
    }

    @Override
    public void processElement(CountryTraffic partial, Context ctx, Collector<CountryTraffic> out) throws Exception {
        long window = partial.windowStart;
        long watermark = ctx.timerService().currentWatermark();
        if (window + windowMs - 1 <= watermark) {
            window = Math.floorDiv(watermark + 1, windowMs) * windowMs;
        }
        Long count = counts.get(window);
        if (count == null) {
            ctx.timerService().registerEventTimeTimer(window + windowMs - 1);
            count = 0L;
            firstWindow.merge(ctx.getCurrentKey(), window, Math::min);
        }
        counts.put(window, count + partial.events);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountryTraffic> out) throws Exception {
        long window = timestamp - windowMs + 1;
        Long count = counts.get(window);
        if (count != null) {
            counts.remove(window);
            Long first = firstWindow.get(ctx.getCurrentKey());
            out.collect(first != null && window == first ? CountryTraffic.partialWindow(ctx.getCurrentKey(), window, count)
                    : new CountryTraffic(ctx.getCurrentKey(), window, count));
        }
    }
}
