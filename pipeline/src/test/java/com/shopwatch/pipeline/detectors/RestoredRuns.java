package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.policy.PolicyUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * A detector fed a list of steps (events and watermarks) on RocksDB, checkpointed and restored
 * into a fresh operator every so many steps, as a job that fails over keeps doing: for tests that
 * what a detector holds on the heap between checkpoints reaches each checkpoint whole.
 */
final class RestoredRuns {
    private RestoredRuns() {}

    /** The flags of a run (as {@link #flags}) and the keyed state entries it left. */
    record Result(List<String> flags, int stateLeft) {}

    static Result run(Supplier<? extends PolicyAwareDetector<ReviewFlag>> detector, KeySelector<CommerceEvent, String> key,
            List<Object> steps, int restoreEvery) throws Exception {
        var h = opened(detector.get(), key, null);
        List<Object> output = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && i % restoreEvery == 0) {
                var snapshot = h.snapshot(i, i);
                output.addAll(h.getOutput());
                h.close();
                h = opened(detector.get(), key, snapshot);
            }
            if (steps.get(i) instanceof CommerceEvent e) {
                DetectorFixtures.send(h, e.shallowCopy());
            } else if ((Long) steps.get(i) > watermark) {
                // only a rising one: a restored operator, not knowing the last, would pass a repeat on
                watermark = (Long) steps.get(i);
                DetectorFixtures.watermark(h, watermark);
            }
        }
        output.addAll(h.getOutput());
        int left = DetectorFixtures.stateEntries(h);
        h.close();
        return new Result(flags(output), left);
    }

    /**
     * Runs {@code steps} with nothing held on the heap ({@code detector} of 0 hot keys), then with
     * {@code fewKeys} held (the eldest written back and let go of all the time) and with the
     * replay's default, each restored every {@code restoreEvery[i]} steps: every run must give
     * the flags of the first and leave no state. Returns the first run.
     */
    static Result assertHoldingChangesNothing(java.util.function.IntFunction<? extends PolicyAwareDetector<ReviewFlag>> detector,
            KeySelector<CommerceEvent, String> key, List<Object> steps, int fewKeys, int... restoreEvery) throws Exception {
        Result atOnce = run(() -> detector.apply(0), key, steps, restoreEvery[0]);
        org.assertj.core.api.Assertions.assertThat(atOnce.stateLeft()).as("nothing held: everything cleaned up").isZero();
        for (int hotKeys : new int[] {fewKeys, HotValueState.DEFAULT_MAX_KEYS}) {
            for (int every : restoreEvery) {
                Result held = run(() -> detector.apply(hotKeys), key, steps, every);
                org.assertj.core.api.Assertions.assertThat(held.flags()).as("%d keys held, restored every %d steps", hotKeys, every)
                        .isEqualTo(atOnce.flags());
                org.assertj.core.api.Assertions.assertThat(held.stateLeft()).as("%d keys held: everything cleaned up", hotKeys).isZero();
            }
        }
        return atOnce;
    }

    /** A harness on RocksDB with full snapshots (restored from {@code snapshot} if given), opened. */
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> opened(
            PolicyAwareDetector<ReviewFlag> detector, KeySelector<CommerceEvent, String> key, OperatorSubtaskState snapshot)
            throws Exception {
        var h = StateBackends.unopenedKeyedBroadcast(detector, key, Types.STRING, PolicyBroadcast.PACKS);
        h.setStateBackend(StateBackends.rocksDb(false));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    /** A harness's flags with their record timestamps (wall-clock detection time left out), sorted between watermarks. */
    static List<String> flags(Iterable<Object> output) {
        List<String> out = new ArrayList<>();
        List<String> stretch = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> record && record.getValue() instanceof ReviewFlag f) {
                f.detectionTime = null;
                f.detectionTimeMs = 0;
                stretch.add(record.getTimestamp() + " " + JsonOutput.toJson(f));
            } else if (o instanceof Watermark w) {
                stretch.sort(null); // flags of one watermark come in no fixed order across keys
                out.addAll(stretch);
                stretch.clear();
                out.add("watermark " + w.getTimestamp());
            }
        }
        return out;
    }
}
