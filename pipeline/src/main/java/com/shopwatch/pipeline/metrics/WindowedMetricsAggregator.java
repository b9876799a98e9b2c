package com.shopwatch.pipeline.metrics;

import com.shopwatch.detect.QuantileSketch;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.metrics.MetricsContribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-window event-time counts of one metrics series (the key): a country × event type, or a
 * rule × country.
 *
 * <p>Hand-written rather than a Flink window so that nothing is dropped: a window is emitted
 * when the watermark passes its end; an event arriving within the allowed lateness updates it
 * (a new revision of the same record); a later event is counted as {@code late_events} of the
 * window that is open now. Dead letters are counted where they arrive, so a late one simply
 * joins the open window. State per key is the handful of open windows, cleared by timers.
 */
public final class WindowedMetricsAggregator extends KeyedProcessFunction<String, MetricsContribution, MetricsRecord> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long allowedLatenessMillis;
    private transient MapState<Long, WindowCounts> windows;

    public WindowedMetricsAggregator(Duration window, Duration allowedLateness) {
        this.windowMillis = window.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "traffic-windows", Types.LONG, TypeInformation.of(WindowCounts.class)));
    }

    @Override
    public void processElement(MetricsContribution count, Context ctx, Collector<MetricsRecord> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long start = windowStart(ctx.timestamp());
        boolean fired = start + windowMillis - 1 <= watermark;
        if (fired) {
            WindowCounts kept = windows.get(start);
            if (kept != null && start + windowMillis - 1 + allowedLatenessMillis > watermark) {
                // Within allowed lateness: the window is updated and re-emitted.
                kept.add(count, false);
                kept.revision++;
                windows.put(start, kept);
                out.collect(toRecord(ctx.getCurrentKey(), start, kept));
                return;
            }
            if (watermark == Long.MAX_VALUE) {
                // After the end of input (e.g. a bounded backtest whose other splits finished
                // while this one was idle) no window will open again: report it at once, as a
                // late revision of its own window.
                WindowCounts alone = new WindowCounts();
                alone.add(count, true);
                alone.revision = 1;
                out.collect(toRecord(ctx.getCurrentKey(), start, alone));
                return;
            }
            // Too late for its own window: count it in the window that is open now.
            start = windowStart(watermark + 1);
            addTo(start, count, true, ctx);
            return;
        }
        addTo(start, count, false, ctx);
    }

    private void addTo(long start, MetricsContribution count, boolean late, Context ctx) throws Exception {
        WindowCounts c = windows.get(start);
        if (c == null) {
            c = new WindowCounts();
            long end = start + windowMillis;
            ctx.timerService().registerEventTimeTimer(end - 1);
            if (allowedLatenessMillis > 0) {
                ctx.timerService().registerEventTimeTimer(end - 1 + allowedLatenessMillis);
            }
        }
        c.add(count, late);
        windows.put(start, c);
    }

    /**
     * A timer fires at a window's end (emit) or at its end plus the allowed lateness (emit if not
     * yet, then drop), so the windows it concerns are known from its time: two point reads instead
     * of a scan of the key's windows (a RocksDB iterator per timer was most of this operator's
     * cost). Only when neither is there (the window or the lateness changed across a restore) does
     * it look at them all.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsRecord> out) throws Exception {
        long ending = timestamp + 1 - windowMillis;
        boolean found = fire(ending, timestamp, ctx, out);
        if (allowedLatenessMillis > 0) {
            found |= fire(ending - allowedLatenessMillis, timestamp, ctx, out);
        }
        if (found) {
            return;
        }
        List<Long> starts = new ArrayList<>();
        for (Long start : windows.keys()) {
            starts.add(start);
        }
        for (Long start : starts) {
            fire(start, timestamp, ctx, out);
        }
    }

    /**
     * Emits the window of {@code start} if it has ended by {@code timestamp}, and drops it once
     * past its lateness; each step not yet due gets its timer (already set, unless the window's
     * timers were set under another window length or lateness). False when there is no such window.
     */
    private boolean fire(long start, long timestamp, OnTimerContext ctx, Collector<MetricsRecord> out) throws Exception {
        WindowCounts c = windows.get(start);
        if (c == null) {
            return false;
        }
        long fireAt = start + windowMillis - 1;
        if (fireAt > timestamp) {
            ctx.timerService().registerEventTimeTimer(fireAt);
            return true;
        }
        long expireAt = fireAt + allowedLatenessMillis;
        boolean emitting = !c.emitted;
        if (emitting) {
            c.emitted = true;
            out.collect(toRecord(ctx.getCurrentKey(), start, c));
        }
        if (expireAt <= timestamp) {
            windows.remove(start);
        } else {
            if (emitting) {
                windows.put(start, c);
            }
            ctx.timerService().registerEventTimeTimer(expireAt);
        }
        return true;
    }

    private long windowStart(long timestamp) {
        return Math.floorDiv(timestamp, windowMillis) * windowMillis;
    }

    private MetricsRecord toRecord(String key, long start, WindowCounts c) {
        String[] parts = key.split("\\|", 3);
        MetricsRecord r = new MetricsRecord();
        r.kind = parts[0];
        r.windowStartMs = start;
        r.windowStart = Instant.ofEpochMilli(start).toString();
        r.windowEnd = Instant.ofEpochMilli(start + windowMillis).toString();
        r.country = parts[1];
        if (MetricsContribution.RULE.equals(r.kind)) {
            r.ruleId = parts[2];
        } else if (MetricsContribution.DETECTOR.equals(r.kind)) {
            r.detector = parts[2];
            r.lateEvents = c.late;
        } else {
            r.eventType = parts[2];
            r.eventsAccepted = c.accepted;
            r.deadLetters = c.deadLetters;
            r.lateEvents = c.late;
            r.flagsLow = c.flagsLow;
            r.flagsMedium = c.flagsMedium;
            r.flagsHigh = c.flagsHigh;
            r.flagsCritical = c.flagsCritical;
            r.flagRate = c.accepted == 0 ? null : Math.round(1e6 * c.flagsEnforced / (double) c.accepted) / 1e6;
            if (c.latencies != null) {
                QuantileSketch latencies = QuantileSketch.of(c.latencies);
                r.latencyP50Ms = Math.round(latencies.quantile(0.50));
                r.latencyP95Ms = Math.round(latencies.quantile(0.95));
                r.latencyP99Ms = Math.round(latencies.quantile(0.99));
            }
        }
        r.flagsEnforced = c.flagsEnforced;
        r.flagsShadow = c.flagsShadow;
        r.revision = c.revision;
        return r;
    }

    /** Counts of one open window. A Flink POJO (state). */
    public static class WindowCounts {
        public long accepted;
        public long deadLetters;
        public long late;
        public long flagsEnforced;
        public long flagsShadow;
        public long flagsLow;
        public long flagsMedium;
        public long flagsHigh;
        public long flagsCritical;
        /** Detection latencies of enforce-mode flags: a KLL sketch (serialized), null until the first. */
        public byte[] latencies;
        public int revision;
        public boolean emitted;

        public WindowCounts() {}

        /**
         * Adds a contribution. A late one (its own window closed) counts accepted events as
         * {@code late}; dead letters and flags count where they arrive.
         */
        void add(MetricsContribution c, boolean late) {
            if (late) {
                this.late += c.accepted;
            } else {
                this.accepted += c.accepted;
            }
            this.deadLetters += c.deadLetters;
            this.flagsEnforced += c.flagsEnforced;
            this.flagsShadow += c.flagsShadow;
            this.late += c.lateEvents;
            this.flagsLow += c.flagsLow;
            this.flagsMedium += c.flagsMedium;
            this.flagsHigh += c.flagsHigh;
            this.flagsCritical += c.flagsCritical;
            if (c.latenciesMs != null && c.latenciesMs.length > 0) {
                QuantileSketch sketch = QuantileSketch.of(latencies);
                for (long l : c.latenciesMs) {
                    sketch.add(l);
                }
                latencies = sketch.toBytes();
            }
        }
    }
}
