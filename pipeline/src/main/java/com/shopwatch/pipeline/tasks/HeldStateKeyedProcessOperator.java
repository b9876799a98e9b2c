package com.shopwatch.pipeline.tasks;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.pipeline.types.OwnedKeys;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's keyed process operator for a task whose state lives on the heap between checkpoints
 * ({@link HotValueState}), plus what a function cannot do itself: make another key current, and
 * reach operator state. It checkpoints the held values in the synchronous part of every
 * checkpoint and at the end of a bounded input (in operator state, those unchanged since the
 * previous checkpoint in the keyed backend), restores them when it opens, and sheds the eldest
 * after an element or timer when more keys are held than the bound; each time it makes every
 * written key current, then restores the key it found.
 */
public final class HeldStateKeyedProcessOperator<IN, OUT> extends KeyedProcessOperator<String, IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** A function whose state the operator writes back. */
    public interface HeldOnHeap {
        /** The function's heap-held state: written back and shed by the operator. */
        HotValueState<?> heldState();
    }

    public <F extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, IN, OUT> & HeldOnHeap>
            HeldStateKeyedProcessOperator(F function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open(); // the function's open: its held state exists now
        HotValueState<?> held = ((HeldOnHeap) userFunction).heldState();
        if (held != null) {
            HotValueState.writeBackIn(this, setKey -> held.checkpointIn(getOperatorStateBackend(),
                    key -> OwnedKeys.belongsHere(key, getRuntimeContext().getTaskInfo()), setKey));
        }
    }

    /** For tests: every value held on the heap to the keyed backend, where its entries can be counted. */
    public void writeBackHeldState() throws Exception {
        HotValueState<?> held = ((HeldOnHeap) userFunction).heldState();
        if (held != null) {
            HotValueState.writeBackIn(this, held::writeBack);
        }
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        super.processElement(element);
        writeBack(false);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        super.onEventTime(timer);
        writeBack(false);
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

    private void writeBack(boolean all) throws Exception {
        HotValueState<?> held = ((HeldOnHeap) userFunction).heldState();
        if (held == null || (!all && !held.writeBackDue())) { // most elements: nothing to shed, no keys to move
            return;
        }
        HotValueState.writeBackIn(this, setKey -> held.writeBack(setKey, all));
    }
}
