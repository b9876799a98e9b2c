package com.shopwatch.pipeline.tasks;

import com.shopwatch.pipeline.metrics.SubtaskPreAggregator;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.review.CountryTraffic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums accepted events per country and flood-breaker window on each subtask, chained after the
 * dead-letter router, so that a handful of partial sums cross the {@code keyBy(country)} to the
 * {@link CountryTrafficCounter} instead of one record per event.
 *
 * <p>When the sums are emitted, and why no state is needed: {@link SubtaskPreAggregator}.
 */
public final class CountryTrafficPreAggregator extends SubtaskPreAggregator<CommerceEvent, CountryTraffic> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    /** Country → the partial sum of its latest window; an event of another window flushes it first. */
    private transient Map<String, CountryTraffic> pending;

    public CountryTrafficPreAggregator(Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<CommerceEvent> element) {
        CommerceEvent e = element.getValue();
        long window = Math.floorDiv(e.eventTime, windowMs) * windowMs;
        CountryTraffic sum = pending.get(e.country);
        if (sum == null) {
            sum = new CountryTraffic(e.country, window, 0);
            pending.put(e.country, sum);
        } else if (sum.windowStart != window) {
            // An out-of-order event across a window boundary: rare, so one sum per country is
            // enough; the counter adds up however many partials arrive.
            output.collect(new StreamRecord<>(sum));
            sum = new CountryTraffic(e.country, window, 0);
            pending.put(e.country, sum);
        }
        sum.events++;
    }

    @Override
    protected void flush() {
        for (CountryTraffic sum : pending.values()) {
            output.collect(new StreamRecord<>(sum));
        }
        pending.clear();
    }
}
