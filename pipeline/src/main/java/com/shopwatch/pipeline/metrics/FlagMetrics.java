package com.shopwatch.pipeline.metrics;

import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A flag counts twice on the metrics stream: in its country × event type series, and in its
 * rule × country series (or, for a detector flag, its detector × country series). It also counts
 * in the Flink metrics, one counter per source × rule × country × mode ({@link FlagCounters}).
 *
 * <p>The contributions are summed per series and metrics window on each subtask before the
 * {@code keyBy(series)} to the {@link WindowedMetricsAggregator}, as {@link SubtaskPreAggregator}
 * says when: two records per flag were most of the aggregator's input, each a state read and
 * write there. A flag whose window the watermark has already passed is forwarded at once,
 * unsummed, so the aggregator treats it exactly as without this operator.
 */
public final class FlagMetrics extends SubtaskPreAggregator<ReviewFlag, MetricsContribution> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    private transient FlagCounters counters;
    /** Pending sums by series key, then window start (a handful of each). */
    private transient Map<String, Map<Long, MetricsContribution>> pending;

    public FlagMetrics(Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        counters = new FlagCounters(getMetricGroup().addGroup("shopwatch"));
        pending = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ReviewFlag> element) {
        ReviewFlag flag = element.getValue();
        counters.count(flag);
        MetricsContribution traffic = MetricsContribution.trafficFlag(flag);
        MetricsContribution series = ReviewFlags.DETECTOR.equals(flag.source)
                ? MetricsContribution.detectorSeries(flag)
                : MetricsContribution.ruleSeries(flag);
        long timestamp = element.getTimestamp();
        long start = Math.floorDiv(timestamp, windowMs) * windowMs;
        if (closed(start, windowMs)) {
            // late: the aggregator decides, as before
            output.collect(new StreamRecord<>(traffic, timestamp));
            output.collect(new StreamRecord<>(series, timestamp));
            return;
        }
        sum(traffic, start);
        sum(series, start);
    }

    private void sum(MetricsContribution c, long start) {
        Map<Long, MetricsContribution> windows = pending.computeIfAbsent(c.key(), k -> new HashMap<>(4));
        MetricsContribution sum = windows.putIfAbsent(start, c);
        if (sum != null) {
            sum.add(c);
        }
    }

    @Override
    protected void flush() {
        for (Map<Long, MetricsContribution> windows : pending.values()) {
            for (Map.Entry<Long, MetricsContribution> e : windows.entrySet()) {
                output.collect(new StreamRecord<>(e.getValue(), e.getKey()));
            }
        }
        pending.clear();
    }
}
