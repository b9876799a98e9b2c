package com.shopwatch.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.types.HotValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * A keyed operator fed a list of steps (records and watermarks), checkpointed and restored into a
 * fresh operator every so many steps, as a job that fails over keeps doing: for tests that what an
 * operator holds on the heap between checkpoints reaches each checkpoint whole.
 */
public final class RestoredRuns {
    private RestoredRuns() {}

    /** How a test builds its operator's harness and feeds it. */
    public interface Subject<H extends AbstractStreamOperatorTestHarness<?>> {
        /** A harness of the operator (restored from {@code snapshot} if not null), opened. */
        H opened(OperatorSubtaskState snapshot) throws Exception;

        /** Sends one record (a step that is not a watermark). */
        void send(H harness, Object record) throws Exception;

        /** Advances event time. */
        void watermark(H harness, long watermark) throws Exception;

        /** A record of the output as compared (wall-clock fields left out), or null to leave it out. */
        String describe(Object value);
    }

    /**
     * {@code unopened} on RocksDB with full snapshots (a harness restored from an incremental one
     * cannot snapshot again), restored from {@code snapshot} if not null, and opened.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H openedOnRocksDb(H unopened, OperatorSubtaskState snapshot)
            throws Exception {
        unopened.setStateBackend(StateBackends.rocksDb(false));
        if (snapshot != null) {
            unopened.initializeState(snapshot);
        }
        unopened.open();
        return unopened;
    }

    /** A run's output (as {@link #betweenWatermarks}) and the keyed state entries it left. */
    public record Result(List<String> records, int stateLeft) {}

    public static <H extends AbstractStreamOperatorTestHarness<?>> Result run(Subject<H> subject, List<Object> steps,
            int restoreEvery) throws Exception {
        return run(restore -> subject, steps, restoreEvery);
    }

    /**
     * As {@link #run(Subject, List, int)}, the {@code n}-th restore into {@code subjects.apply(n)}
     * (the first run is restore 0): for runs restored with other settings than they were taken.
     */
    @SuppressWarnings("unchecked")
    private static <H extends AbstractStreamOperatorTestHarness<?>> Result run(IntFunction<? extends Subject<?>> subjects,
            List<Object> steps, int restoreEvery) throws Exception {
        int restores = 0;
        Subject<H> subject = (Subject<H>) subjects.apply(restores);
        H h = subject.opened(null);
        List<Object> output = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && i % restoreEvery == 0) {
                var snapshot = h.snapshot(i, i);
                output.addAll(h.getOutput());
                h.close();
                subject = (Subject<H>) subjects.apply(++restores);
                h = subject.opened(snapshot);
            }
            if (!(steps.get(i) instanceof Long w)) {
                subject.send(h, steps.get(i));
            } else if (w > watermark) {
                // only a rising one: a restored operator, not knowing the last, would pass a repeat on
                watermark = w;
                subject.watermark(h, watermark);
            }
        }
        output.addAll(h.getOutput());
        h.snapshot(steps.size(), steps.size()); // what is held on the heap goes to state, to be counted
        int left = StateBackends.keyedStateEntries(h);
        h.close();
        return new Result(betweenWatermarks(output, subject::describe), left);
    }

    /**
     * Runs {@code steps} with nothing held on the heap ({@code subject} of 0 hot keys), then with
     * {@code fewKeys} held (the eldest written back and let go of all the time) and with the
     * replay's default, each restored every {@code restoreEvery[i]} steps: every run must give
     * the output of the first and leave no state. So must a run restored by turns into an operator
     * that holds keys and one that holds none (a replay's checkpoint restored in real time and
     * back), whose held values move between operator and keyed state at each restore. Returns the
     * first run.
     */
    public static Result assertHoldingChangesNothing(IntFunction<? extends Subject<?>> subject, List<Object> steps,
            int fewKeys, int... restoreEvery) throws Exception {
        Result atOnce = run(subject.apply(0), steps, restoreEvery[0]);
        assertThat(atOnce.stateLeft()).as("nothing held: everything cleaned up").isZero();
        for (int hotKeys : new int[] {fewKeys, HotValueState.DEFAULT_MAX_KEYS}) {
            for (int every : restoreEvery) {
                Result held = run(subject.apply(hotKeys), steps, every);
                assertThat(held.records()).as("%d keys held, restored every %d steps", hotKeys, every)
                        .isEqualTo(atOnce.records());
                assertThat(held.stateLeft()).as("%d keys held: everything cleaned up", hotKeys).isZero();
            }
        }
        for (int startHeld = 0; startHeld < 2; startHeld++) {
            int first = startHeld;
            Result byTurns = run(restore -> subject.apply((restore + first) % 2 == 1 ? HotValueState.DEFAULT_MAX_KEYS : 0), steps,
                    restoreEvery[0]);
            assertThat(byTurns.records()).as("restored every %d steps by turns holding keys and none (first %s)", restoreEvery[0],
                    startHeld == 1 ? "holding" : "none").isEqualTo(atOnce.records());
            assertThat(byTurns.stateLeft()).as("restored by turns: everything cleaned up").isZero();
        }
        return atOnce;
    }

    /**
     * Each record of a harness's output as its timestamp and {@code describe}d value, sorted
     * between watermarks (the records of one watermark come in no fixed order across keys), and
     * each watermark.
     */
    public static List<String> betweenWatermarks(Iterable<Object> output, Function<Object, String> describe) {
        List<String> out = new ArrayList<>();
        List<String> stretch = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> record) {
                String d = describe.apply(record.getValue());
                if (d != null) {
                    stretch.add(record.getTimestamp() + " " + d);
                }
            } else if (o instanceof Watermark w) {
                stretch.sort(null);
                out.addAll(stretch);
                stretch.clear();
                out.add("watermark " + w.getTimestamp());
            }
        }
        return out;
    }

    /** A flag as compared: its JSON without the wall-clock detection time. */
    public static String flag(Object value) {
        if (!(value instanceof ReviewFlag f)) {
            return null;
        }
        f.detectionTime = null;
        f.detectionTimeMs = 0;
        return JsonOutput.toJson(f);
    }
}
