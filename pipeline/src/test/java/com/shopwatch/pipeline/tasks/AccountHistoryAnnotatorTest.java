package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The account's history is counted in event time, so arrival order across partitions does not change it. */
class AccountHistoryAnnotatorTest extends OnBothStateBackends {
    private static final long T0 = 1_795_478_400_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag> harness() throws Exception {
        var h = StateBackends.forKeyedProcessFunction(new AccountHistoryAnnotator(Duration.ofDays(30)),
                (ReviewFlag f) -> f.accountId, Types.STRING);
        return h;
    }

    private static ReviewFlag flag(String item, long t) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = "flag-" + item + "-" + t;
        f.itemType = "listing";
        f.itemId = item;
        f.accountId = "S1";
        f.eventTimeMs = t;
        return f;
    }

    private static List<String> run(List<ReviewFlag> arrivals) throws Exception {
        var h = harness();
        for (ReviewFlag f : arrivals) {
            h.processElement(f, f.eventTimeMs);
        }
        assertThat(h.extractOutputValues()).as("flags wait for the watermark").isEmpty();
        h.processWatermark(new Watermark(T0 + 10_000));
        return h.extractOutputValues().stream().map(f -> f.itemId + ":" + f.accountFlaggedItems).toList();
    }

    @Test
    void eachFlagCountsTheItemsFlaggedBeforeItInEventTimeWhateverTheArrivalOrder() throws Exception {
        ReviewFlag a = flag("A", T0);
        ReviewFlag b = flag("B", T0 + 1_000);
        ReviewFlag b2 = flag("B", T0 + 2_000); // the same item again: not another item
        ReviewFlag c = flag("C", T0 + 3_000);
        List<String> inOrder = run(List.of(a, b, b2, c));
        assertThat(inOrder).containsExactly("A:0", "B:1", "B:1", "C:2");
        assertThat(run(List.of(c, b2, a, b))).isEqualTo(inOrder);
    }

    @Test
    void flagsOfOneInstantGoInFlagIdOrder() throws Exception {
        ReviewFlag x = flag("X", T0);
        ReviewFlag y = flag("Y", T0);
        assertThat(run(List.of(y, x))).containsExactly("X:0", "Y:0");
    }

    private static final int MAX_PARALLELISM = 128;

    /** Flags of several accounts, out of order, none past the watermark yet. */
    private static List<ReviewFlag> flagsOfManyAccounts() {
        List<ReviewFlag> out = new ArrayList<>();
        for (int account = 0; account < 12; account++) {
            for (int item = 3; item >= 0; item--) {
                ReviewFlag f = flag("A" + account + "-I" + item, T0 + item * 1_000L + account);
                f.accountId = "A" + account;
                out.add(f);
            }
        }
        return out;
    }

    private static <F extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag>> KeyedOneInputStreamOperatorTestHarness<String,
            ReviewFlag, ReviewFlag> subtask(F function, int parallelism, int subtask) throws Exception {
        return StateBackends.on(new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                (ReviewFlag f) -> f.accountId, Types.STRING, MAX_PARALLELISM, parallelism, subtask));
    }

    /** Every subtask's annotated flags once the watermark has passed them, as item:count, sorted. */
    private static List<String> annotated(List<KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag>> subtasks)
            throws Exception {
        List<String> out = new ArrayList<>();
        for (var h : subtasks) {
            h.processWatermark(new Watermark(T0 + 60_000));
            h.extractOutputValues().forEach(f -> out.add(f.itemId + ":" + f.accountFlaggedItems));
            h.close();
        }
        out.sort(null);
        return out;
    }

    /** The annotations of {@link #flagsOfManyAccounts} by one subtask that is never restored. */
    private static List<String> uninterrupted() throws Exception {
        var whole = subtask(new AccountHistoryAnnotator(Duration.ofDays(30)), 1, 0);
        whole.open();
        for (ReviewFlag f : flagsOfManyAccounts()) {
            whole.processElement(f, f.eventTimeMs);
        }
        return annotated(List.of(whole));
    }

    @Test
    void flagsWaitingAtACheckpointAreAnnotatedOnceAfterARestoreAtAnyParallelism() throws Exception {
        List<String> expected = uninterrupted();
        assertThat(expected).hasSize(48).contains("A0-I0:0", "A0-I3:3", "A11-I2:2");

        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            var h = subtask(new AccountHistoryAnnotator(Duration.ofDays(30)), 2, index);
            h.open();
            for (ReviewFlag f : flagsOfManyAccounts()) {
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(f.accountId, MAX_PARALLELISM, 2) == index) {
                    h.processElement(f, f.eventTimeMs);
                }
            }
            assertThat(h.extractOutputValues()).isEmpty();
            snapshots.add(h.snapshot(1L, 1L));
            h.close();
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));
        for (int parallelism : new int[] {1, 2, 3}) {
            List<KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewFlag>> restored = new ArrayList<>();
            for (int index = 0; index < parallelism; index++) {
                var h = subtask(new AccountHistoryAnnotator(Duration.ofDays(30)), parallelism, index);
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, parallelism, index));
                h.open();
                restored.add(h);
            }
            assertThat(annotated(restored)).as("restored at parallelism %d", parallelism).isEqualTo(expected);
        }
    }

    /** How versions before the flags were held on the heap parked them: keyed state per instant, a timer each. */
    private static final class EarlierParking extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag> {
        private transient MapState<Long, ReviewFlag[]> waiting;

        @Override
        public void open(OpenContext context) {
            waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>(AccountHistoryAnnotator.WAITING, Types.LONG,
                    Types.OBJECT_ARRAY(TypeInformation.of(ReviewFlag.class))));
        }

        @Override
        public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
            ReviewFlag[] same = waiting.get(ctx.timestamp());
            ReviewFlag[] next = same == null ? new ReviewFlag[1] : Arrays.copyOf(same, same.length + 1);
            next[next.length - 1] = flag;
            waiting.put(ctx.timestamp(), next);
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }
    }

    @Test
    void flagsAnEarlierVersionParkedInKeyedStateAreAnnotatedOnceAfterARestore() throws Exception {
        List<String> expected = uninterrupted();

        var earlier = subtask(new EarlierParking(), 1, 0);
        earlier.open();
        for (ReviewFlag f : flagsOfManyAccounts()) {
            earlier.processElement(f, f.eventTimeMs);
        }
        OperatorSubtaskState checkpoint = earlier.snapshot(1L, 1L);
        earlier.close();

        var restored = subtask(new AccountHistoryAnnotator(Duration.ofDays(30)), 1, 0);
        restored.initializeState(checkpoint);
        restored.open();
        assertThat(annotated(List.of(restored))).isEqualTo(expected);
    }
}
