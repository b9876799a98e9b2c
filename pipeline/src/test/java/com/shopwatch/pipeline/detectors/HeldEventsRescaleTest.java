package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.policy.PolicyUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Events a detector holds for the watermark live on the heap and in union operator state: a
 * checkpoint taken while they wait, restored at another parallelism, must judge every one of them
 * on the subtask that owns its key, exactly as a run without the restart does.
 */
class HeldEventsRescaleTest extends OnBothStateBackends {
    private static final int MAX_PARALLELISM = 128;

    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> harness(int parallelism,
            int subtask) throws Exception {
        // the job's operator: it fires the detector's own timers, held events' among them
        var h = new KeyedBroadcastOperatorTestHarness<>(new HotStateDetectorOperator<>(
                new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL), List.of(PolicyBroadcast.PACKS)),
                DuplicateContentDetector::key, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        return StateBackends.on(h);
    }

    /** Rings of three sellers on a few images, and single uses: every use still held (no watermark yet). */
    private static List<CommerceEvent> uses() {
        List<CommerceEvent> out = new ArrayList<>();
        for (int ring = 0; ring < 6; ring++) {
            for (int s = 0; s < 3; s++) {
                CommerceEvent e = listing("R" + ring + "-" + s, "S" + ring + "-" + s, "MY", T0 + s * MIN);
                e.imageHashes = new String[] {"ring-" + ring};
                out.add(e);
            }
        }
        for (int i = 0; i < 20; i++) {
            CommerceEvent e = listing("single-" + i, "U" + i, "MY", T0 + i * 1000);
            e.imageHashes = new String[] {"single-" + i};
            out.add(e);
        }
        return out;
    }

    private static int owner(String key, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism);
    }

    private static TreeSet<String> flagged(List<KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag>> hs)
            throws Exception {
        TreeSet<String> items = new TreeSet<>();
        for (var h : hs) {
            DetectorFixtures.watermark(h, T0 + 10 * MIN);
            for (ReviewFlag f : h.extractOutputValues()) {
                assertThat(items.add(f.itemId)).as("flagged once: %s", f.itemId).isTrue();
            }
        }
        return items;
    }

    /** One subtask that has taken every use; none judged yet (no watermark). */
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> holdingEveryUse() throws Exception {
        var h = harness(1, 0);
        h.open();
        for (CommerceEvent e : uses()) {
            h.processElement(e, e.eventTime);
        }
        return h;
    }

    @Test
    void heldEventsSurviveACheckpointAtAnyParallelismAndAreJudgedWhereTheirKeyLives() throws Exception {
        TreeSet<String> expected = flagged(List.of(holdingEveryUse()));
        assertThat(expected).hasSize(18); // every ring member, no single use

        // two subtasks hold the uses of their keys; both are checkpointed before any is judged
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(2, subtask);
            h.open();
            for (CommerceEvent e : uses()) {
                if (owner(DuplicateContentDetector.key(e), 2) == subtask) {
                    h.processElement(e, e.eventTime);
                }
            }
            assertThat(h.extractOutputValues()).isEmpty();
            snapshots.add(h.snapshot(1L, 1L));
            h.close();
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));

        for (int parallelism : new int[] {1, 2, 3}) {
            List<KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag>> restored = new ArrayList<>();
            for (int subtask = 0; subtask < parallelism; subtask++) {
                var h = harness(parallelism, subtask);
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, parallelism,
                        subtask));
                h.open();
                restored.add(h);
            }
            assertThat(flagged(restored)).as("restored at parallelism %d", parallelism).isEqualTo(expected);
            for (var h : restored) {
                h.close();
            }
        }
    }

    @Test
    void heldEventsOfAnEarlierVersionThatCopiedThemAtEachCheckpointAreJudgedOnceAfterARestore() throws Exception {
        TreeSet<String> expected = flagged(List.of(holdingEveryUse()));

        // The earlier version's checkpoint: its keyed state and timers, and the held events as
        // union operator state under the plain name, on Flink's POJO serializer.
        var running = holdingEveryUse();
        OperatorSubtaskState keyed = running.snapshot(1L, 1L);
        running.close();
        var writer = harness(1, 0);
        writer.open();
        ListState<HeldEvents.Held> plain = writer.getOperator().getOperatorStateBackend().getUnionListState(
                new ListStateDescriptor<>("ring-uses-waiting-held", TypeInformation.of(HeldEvents.Held.class)));
        for (CommerceEvent e : uses()) {
            plain.add(new HeldEvents.Held(DuplicateContentDetector.key(e), e));
        }
        OperatorSubtaskState operator = writer.snapshot(1L, 1L);
        writer.close();
        OperatorSubtaskState earlier = OperatorSubtaskState.builder()
                .setManagedKeyedState(keyed.getManagedKeyedState()).setRawKeyedState(keyed.getRawKeyedState())
                .setManagedOperatorState(operator.getManagedOperatorState()).build();

        var restored = harness(1, 0);
        restored.initializeState(earlier);
        restored.open();
        assertThat(flagged(List.of(restored))).isEqualTo(expected);
        // the plain-named state was emptied: a later restore judges nothing a second time
        OperatorSubtaskState after = restored.snapshot(2L, 2L);
        restored.close();
        var again = harness(1, 0);
        again.initializeState(after);
        again.open();
        assertThat(again.getOperator().getOperatorStateBackend().getUnionListState(
                new ListStateDescriptor<>("ring-uses-waiting-held", TypeInformation.of(HeldEvents.Held.class))).get()).isEmpty();
        assertThat(flagged(List.of(again))).isEmpty();
    }
}
