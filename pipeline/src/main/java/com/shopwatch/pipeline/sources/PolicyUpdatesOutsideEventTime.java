package com.shopwatch.pipeline.sources;

import com.shopwatch.policy.PolicyUpdate;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Takes the policy stream out of event time: it is permanently idle and forwards no watermark,
 * not even the final one of a bounded policy source.
 *
 * <p>Why: the policy updates are broadcast into operators whose timers run on event time (the
 * detectors, the metrics). Flink combines the watermarks of their two inputs. Were the policy
 * input to carry a watermark — the usual trick is Long.MAX_VALUE, or a finished bounded source's
 * final one — then whenever the event input went idle (a quiet partition, {@code --idleness}),
 * the combined watermark would jump to the end of time, never to come back: every window would
 * fire at once and every later event would be late. Idle and silent, the policy input is simply
 * left out, and event time is the events' alone.
 */
public final class PolicyUpdatesOutsideEventTime extends AbstractStreamOperator<PolicyUpdate>
        implements OneInputStreamOperator<PolicyUpdate, PolicyUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<PolicyUpdate> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // always idle
    }
}
