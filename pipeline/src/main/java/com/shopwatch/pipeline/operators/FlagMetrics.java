package com.shopwatch.pipeline.operators;

import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.review.ReviewFlag;
import com.shopwatch.review.ReviewFlags;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A flag counts twice: in its country × event type series, and in its rule × country series (or,
 * for a detector flag, its detector × country series).
 */
public final class FlagMetrics implements FlatMapFunction<ReviewFlag, MetricsContribution> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(ReviewFlag flag, Collector<MetricsContribution> out) {
        out.collect(MetricsContribution.trafficFlag(flag));
        out.collect(ReviewFlags.DETECTOR.equals(flag.source)
                ? MetricsContribution.detectorSeries(flag)
                : MetricsContribution.ruleSeries(flag));
    }
}
