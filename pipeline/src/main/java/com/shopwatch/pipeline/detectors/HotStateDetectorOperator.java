package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.policy.PolicyUpdate;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's keyed broadcast operator for a detector, plus what a function cannot do itself: make
 * another key current, and reach operator state. It checkpoints the detector's heap-held values
 * ({@link HotValueState}) in the synchronous part of every checkpoint, before the backends are
 * snapshotted (in operator state, the values unchanged since the previous checkpoint in the keyed
 * backend), restores them when it opens, and sheds the eldest when a state holds more keys than
 * its bound; each time it makes every written key current, then restores the key it found.
 *
 * <p>It also fires the detector's own event-time timers ({@link PolicyAwareDetector#registerTimer})
 * when a watermark arrives: each with its key made current, through the same {@code onTimer} call
 * as a Flink timer, and all before Flink's own timers of that watermark and before the watermark
 * goes on, so what they emit is not late downstream.
 */
public final class HotStateDetectorOperator<OUT> extends CoBroadcastWithKeyedOperator<String, CommerceEvent, PolicyUpdate, OUT> {
    private static final long serialVersionUID = 1L;

    public HotStateDetectorOperator(PolicyAwareDetector<OUT> detector, List<MapStateDescriptor<?, ?>> broadcastStateDescriptors) {
        super(detector, broadcastStateDescriptors);
    }

    @Override
    public void open() throws Exception {
        super.open(); // the detector's open: its held states exist now
        detector().firesOwnTimers();
        HotValueState.writeBackIn(this, setKey -> detector().checkpointHotStateIn(getOperatorStateBackend(), setKey));
    }

    @Override
    public void processElement1(StreamRecord<CommerceEvent> element) throws Exception {
        super.processElement1(element);
        writeBack(false);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        super.onEventTime(timer);
        writeBack(false);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        detector().fireTimersUpTo(mark.getTimestamp(), (key, time) -> {
            setCurrentKey(key);
            onEventTime(new TimerHeapInternalTimer<>(time, key, VoidNamespace.INSTANCE));
        });
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        writeBack(true);
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        writeBack(true);
        super.finish();
    }

    /** For tests: every value held on the heap to the keyed backend, where its entries can be counted. */
    public void writeBackHotState() throws Exception {
        HotValueState.writeBackIn(this, setKey -> detector().flushHotState(setKey));
    }

    private void writeBack(boolean all) throws Exception {
        if (!all && !detector().writeBackDue()) { // most elements: nothing to shed, no keys to move
            return;
        }
        HotValueState.writeBackIn(this, setKey -> detector().writeBackHotState(setKey, all));
    }

    @SuppressWarnings("unchecked")
    private PolicyAwareDetector<OUT> detector() {
        return (PolicyAwareDetector<OUT>) userFunction;
    }
}
