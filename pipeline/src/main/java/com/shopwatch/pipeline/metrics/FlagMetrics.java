package com.shopwatch.pipeline.metrics;

import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A flag counts twice on the metrics stream: in its country × event type series, and in its
 * rule × country series (or, for a detector flag, its detector × country series). It also counts
 * in the Flink metrics, one counter per source × rule × country × mode ({@link FlagCounters}).
 */
public final class FlagMetrics extends RichFlatMapFunction<ReviewFlag, MetricsContribution> {
    private static final long serialVersionUID = 1L;

    private transient FlagCounters counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new FlagCounters(getRuntimeContext().getMetricGroup().addGroup("shopwatch"));
    }

    @Override
    public void flatMap(ReviewFlag flag, Collector<MetricsContribution> out) {
        counters.count(flag);
        out.collect(MetricsContribution.trafficFlag(flag));
        out.collect(ReviewFlags.DETECTOR.equals(flag.source)
                ? MetricsContribution.detectorSeries(flag)
                : MetricsContribution.ruleSeries(flag));
    }
}
