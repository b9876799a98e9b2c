package com.shopwatch.pipeline.operators;

import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.metrics.TrafficCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-window event-time traffic counts for one country × event type (the key).
 *
 * <p>Hand-written rather than a Flink window so that nothing is dropped: a window is emitted
 * when the watermark passes its end; an event arriving within the allowed lateness updates it
 * (a new revision of the same record); a later event is counted as {@code late_events} of the
 * window that is open now. Dead letters are counted where they arrive, so a late one simply
 * joins the open window. State per key is the handful of open windows, cleared by timers.
 */
public final class TrafficMetricsAggregator extends KeyedProcessFunction<String, TrafficCount, MetricsRecord> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long allowedLatenessMillis;
    private transient MapState<Long, WindowCounts> windows;

    public TrafficMetricsAggregator(Duration window, Duration allowedLateness) {
        this.windowMillis = window.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "traffic-windows", Types.LONG, TypeInformation.of(WindowCounts.class)));
    }

    @Override
    public void processElement(TrafficCount count, Context ctx, Collector<MetricsRecord> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long start = windowStart(ctx.timestamp());
        boolean fired = start + windowMillis - 1 <= watermark;
        if (fired) {
            WindowCounts kept = windows.get(start);
            if (kept != null && start + windowMillis - 1 + allowedLatenessMillis > watermark) {
                // Within allowed lateness: the window is updated and re-emitted.
                kept.add(count.accepted, count.deadLetters, 0);
                kept.revision++;
                windows.put(start, kept);
                out.collect(toRecord(ctx.getCurrentKey(), start, kept));
                return;
            }
            // Too late for its own window: count it in the window that is open now.
            start = windowStart(watermark + 1);
            addTo(start, 0, count.deadLetters, count.accepted, ctx);
            return;
        }
        addTo(start, count.accepted, count.deadLetters, 0, ctx);
    }

    private void addTo(long start, long accepted, long deadLetters, long late, Context ctx) throws Exception {
        WindowCounts c = windows.get(start);
        if (c == null) {
            c = new WindowCounts();
            long end = start + windowMillis;
            ctx.timerService().registerEventTimeTimer(end - 1);
            if (allowedLatenessMillis > 0) {
                ctx.timerService().registerEventTimeTimer(end - 1 + allowedLatenessMillis);
            }
        }
        c.add(accepted, deadLetters, late);
        windows.put(start, c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsRecord> out) throws Exception {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, WindowCounts> e : windows.entries()) {
            long start = e.getKey();
            long fireAt = start + windowMillis - 1;
            WindowCounts c = e.getValue();
            if (fireAt <= timestamp && !c.emitted) {
                c.emitted = true;
                out.collect(toRecord(ctx.getCurrentKey(), start, c));
                if (allowedLatenessMillis > 0) {
                    windows.put(start, c);
                }
            }
            if (fireAt + allowedLatenessMillis <= timestamp) {
                expired.add(start);
            }
        }
        for (Long start : expired) {
            windows.remove(start);
        }
    }

    private long windowStart(long timestamp) {
        return Math.floorDiv(timestamp, windowMillis) * windowMillis;
    }

    private MetricsRecord toRecord(String key, long start, WindowCounts c) {
        int bar = key.indexOf('|');
        MetricsRecord r = new MetricsRecord();
        r.kind = "traffic";
        r.windowStartMs = start;
        r.windowStart = Instant.ofEpochMilli(start).toString();
        r.windowEnd = Instant.ofEpochMilli(start + windowMillis).toString();
        r.country = key.substring(0, bar);
        r.eventType = key.substring(bar + 1);
        r.eventsAccepted = c.accepted;
        r.deadLetters = c.deadLetters;
        r.lateEvents = c.late;
        r.revision = c.revision;
        return r;
    }

    /** Counts of one open window. A Flink POJO (state). */
    public static class WindowCounts {
        public long accepted;
        public long deadLetters;
        public long late;
        public int revision;
        public boolean emitted;

        public WindowCounts() {}

        void add(long accepted, long deadLetters, long late) {
            this.accepted += accepted;
            this.deadLetters += deadLetters;
            this.late += late;
        }
    }
}
