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

    /** The last watermark forwarded: a record of a window it has passed is late, and is not summed. */
    private transient long watermark;

    /** Emits every pending sum and forgets it. */
    protected abstract void flush();

    /**
     * Whether the watermark has already passed the window of {@code windowMs} starting at
     * {@code start}: its record is forwarded at once, unsummed, so the keyed side treats it
     * exactly as without this operator.
     */
    protected final boolean closed(long start, long windowMs) {
        return start + windowMs - 1 <= watermark;
    }

    @Override
    public void open() throws Exception {
        super.open();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
        watermark = mark.getTimestamp();
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
