package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * In a replay the review tasks keep their items' episodes on the heap between checkpoints
 * ({@link HeldStateKeyedProcessOperator}): what RocksDB holds at a checkpoint must be what it
 * would hold had every change gone to it at once. The same flags, with checkpoints and restores
 * between them, give the same tasks and leave no state whether nothing is held, two items are
 * (written back and let go of all the time) or the replay's default.
 */
class ReviewTasksHeldOnHeapTest {
    private static final long T0 = 1_795_478_400_000L;
    private static final String[] RULES = {"vape-prohibited", "weapons-prohibited", "duplicate_content", "seller_velocity"};
    private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};

    /** Flags over six hours on forty items, several reasons per item, some repeated; watermarks between. */
    private static List<Object> flags(long seed) {
        Random r = new Random(seed);
        List<Object> steps = new ArrayList<>();
        long clock = T0;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < 600; i++) {
            clock += r.nextInt(40_000);
            ReviewFlag f = ReviewTaskBuilderTest.rule("L" + r.nextInt(40), RULES[r.nextInt(RULES.length)],
                    SEVERITIES[r.nextInt(SEVERITIES.length)], clock - r.nextInt(3) * 10_000L, "vape");
            f.accountId = "S" + r.nextInt(9);
            f.accountFlaggedItems = 1 + r.nextInt(5);
            steps.add(f);
            if (r.nextInt(4) == 0) {
                long next = clock - 20_000L - r.nextInt(20_000);
                if (next > watermark) {
                    watermark = next;
                    steps.add(watermark);
                }
            }
        }
        steps.add(clock + Duration.ofDays(8).toMillis()); // past every episode's end
        return steps;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> opened(int hotKeys,
            OperatorSubtaskState snapshot) throws Exception {
        TaskRouting routing = new TaskRouting(TaskRouting.parseWeights("low=1,medium=2,high=4,critical=8"), 1, 1,
                TaskRouting.parseQueues("SG=sg-moderation"));
        var builder = new ReviewTaskBuilder(Duration.ofSeconds(30), Duration.ofHours(2), routing).withHotKeys(hotKeys);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new HeldStateKeyedProcessOperator<>(builder),
                ReviewTaskBuilder::key, Types.STRING, 1, 1, 0);
        h.setStateBackend(StateBackends.rocksDb(false));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    /** The tasks (wall-clock times left out) between watermarks, sorted; the keyed state left. */
    private record Result(List<String> tasks, int stateLeft) {}

    private static Result run(List<Object> steps, int hotKeys, int restoreEvery) throws Exception {
        var h = opened(hotKeys, null);
        List<Object> output = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && i % restoreEvery == 0) {
                var snapshot = h.snapshot(i, i);
                output.addAll(h.getOutput());
                h.close();
                h = opened(hotKeys, snapshot);
            }
            if (steps.get(i) instanceof ReviewFlag f) {
                h.processElement(f, f.eventTimeMs);
            } else {
                h.processWatermark((Long) steps.get(i));
            }
        }
        output.addAll(h.getOutput());
        int left = StateBackends.keyedStateEntries(h);
        h.close();
        List<String> tasks = new ArrayList<>();
        List<String> stretch = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> record && record.getValue() instanceof ReviewTask t) {
                t.updatedAt = null;
                t.updatedAtMs = 0;
                stretch.add(record.getTimestamp() + " " + JsonOutput.toJson(t));
            } else if (o instanceof Watermark w) {
                stretch.sort(null);
                tasks.addAll(stretch);
                stretch.clear();
                tasks.add("watermark " + w.getTimestamp());
            }
        }
        return new Result(tasks, left);
    }

    @Test
    void episodesHeldOnTheHeapGiveTheTasksAndStateOfEpisodesWrittenAtOnce() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<Object> steps = flags(seed);
            Result atOnce = run(steps, 0, 101);
            assertThat(atOnce.tasks().stream().filter(t -> t.contains("\"revision\":1")).count())
                    .as("seed %d: revised tasks to compare", seed).isGreaterThan(5);
            assertThat(atOnce.stateLeft()).as("seed %d: every episode over", seed).isZero();
            for (int hotKeys : new int[] {2, com.shopwatch.pipeline.types.HotValueState.DEFAULT_MAX_KEYS}) {
                for (int restoreEvery : new int[] {101, 263}) {
                    Result held = run(steps, hotKeys, restoreEvery);
                    assertThat(held.tasks()).as("seed %d, %d keys held, restored every %d steps", seed, hotKeys, restoreEvery)
                            .isEqualTo(atOnce.tasks());
                    assertThat(held.stateLeft()).as("seed %d, %d keys held", seed, hotKeys).isZero();
                }
            }
        }
    }
}
