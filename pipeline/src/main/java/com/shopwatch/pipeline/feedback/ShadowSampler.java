package com.shopwatch.pipeline.feedback;

import com.shopwatch.feedback.ShadowSampling;
import com.shopwatch.review.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.ReviewTasks;
import com.shopwatch.review.TaskRouting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends {@code --feedback.shadow-sample-rate} of the shadow-mode flags (shadow rules and
 * detectors, and rules the flood breaker switched to shadow) to moderators as one-reason tasks,
 * so shadow rules can be judged before they enforce. Stateless: the choice is a hash of the flag
 * id, the same on every replay.
 */
public final class ShadowSampler extends ProcessFunction<ReviewFlag, ReviewTask> {
    private static final long serialVersionUID = 1L;

    private final double rate;
    private final TaskRouting routing;
    private transient Counter samples;

    public ShadowSampler(double rate, TaskRouting routing) {
        this.rate = rate;
        this.routing = routing;
    }

    @Override
    public void open(OpenContext openContext) {
        samples = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("feedback").counter("shadowSamples");
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewTask> out) {
        if ("shadow".equals(flag.mode) && ShadowSampling.sampled(flag.flagId, rate)) {
            samples.inc();
            out.collect(ReviewTasks.shadowSample(flag, routing, System.currentTimeMillis()));
        }
    }
}
