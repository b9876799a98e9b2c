package com.shopwatch.pipeline.metrics;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.metrics.MetricsContribution;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Each decoded record's traffic contribution (accepted or dead letter, per country × event type),
 * summed per metrics window on each subtask before the {@code keyBy(series)} to the
 * {@link WindowedMetricsAggregator}: a handful of partial sums cross the shuffle instead of one
 * record per event, and the aggregator's state is read and written once per partial.
 *
 * <p>Sums are emitted stamped with their window's start, as {@link SubtaskPreAggregator} says
 * when. A record whose window the watermark has already passed is forwarded at once, unsummed,
 * so the aggregator treats late records exactly as without this operator.
 */
public final class TrafficPreAggregator extends SubtaskPreAggregator<DecodedRecord, MetricsContribution> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    private transient Map<Partial, MetricsContribution> pending;
    private transient Partial probe;

    public TrafficPreAggregator(Duration window) {
        this.windowMs = window.toMillis();
    }

    /** A series and window: the key of one partial sum (mutable, so a lookup allocates nothing). */
    private static final class Partial {
        String country;
        String eventType;
        long windowStart;

        @Override
        public boolean equals(Object o) {
            return o instanceof Partial p && p.windowStart == windowStart && p.country.equals(country)
                    && p.eventType.equals(eventType);
        }

        @Override
        public int hashCode() {
            return (country.hashCode() * 31 + eventType.hashCode()) * 31 + Long.hashCode(windowStart);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new HashMap<>();
        probe = new Partial();
    }

    @Override
    public void processElement(StreamRecord<DecodedRecord> element) {
        MetricsContribution c = MetricsContribution.of(element.getValue());
        long timestamp = element.getTimestamp();
        long start = Math.floorDiv(timestamp, windowMs) * windowMs;
        if (closed(start, windowMs)) {
            output.collect(new StreamRecord<>(c, timestamp)); // late: the aggregator decides, as before
            return;
        }
        probe.country = c.country;
        probe.eventType = c.eventType;
        probe.windowStart = start;
        MetricsContribution sum = pending.get(probe);
        if (sum == null) {
            Partial key = new Partial();
            key.country = c.country;
            key.eventType = c.eventType;
            key.windowStart = start;
            pending.put(key, c);
        } else {
            sum.add(c);
        }
    }

    @Override
    protected void flush() {
        for (Map.Entry<Partial, MetricsContribution> e : pending.entrySet()) {
            output.collect(new StreamRecord<>(e.getValue(), e.getKey().windowStart));
        }
        pending.clear();
    }
}
