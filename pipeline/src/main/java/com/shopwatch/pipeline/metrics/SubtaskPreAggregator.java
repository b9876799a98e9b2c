package com.shopwatch.pipeline.metrics;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Sums kept in memory on each subtask before a {@code keyBy}, so a handful of partial sums cross
 * the shuffle instead of one record per event. They are emitted whenever the watermark advances
 * (before it is forwarded, so the keyed side has every partial of a window before the watermark
 * closes it), before each checkpoint barrier and at the end of input; in between they live only
 * in memory, so the operator needs no state: a restore replays exactly the records after the
 * barrier, whose sums were not yet emitted.
 */
public abstract class SubtaskPreAggregator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Emits every pending sum and forgets it. */
    protected abstract void flush();

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }
}
