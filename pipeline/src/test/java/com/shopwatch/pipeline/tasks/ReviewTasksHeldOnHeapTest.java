package com.shopwatch.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.testing.RestoredRuns;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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

    /** The review tasks for {@link RestoredRuns}. */
    private static RestoredRuns.Subject<KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask>> reviewTasks(int hotKeys) {
        return new RestoredRuns.Subject<>() {
            @Override
            public KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> opened(OperatorSubtaskState snapshot)
                    throws Exception {
                TaskRouting routing = new TaskRouting(TaskRouting.parseWeights("low=1,medium=2,high=4,critical=8"), 1, 1,
                        TaskRouting.parseQueues("SG=sg-moderation"));
                var builder = new ReviewTaskBuilder(Duration.ofSeconds(30), Duration.ofHours(2), routing).withHotKeys(hotKeys);
                return RestoredRuns.openedOnRocksDb(new KeyedOneInputStreamOperatorTestHarness<>(
                        new HeldStateKeyedProcessOperator<>(builder), ReviewTaskBuilder::key, Types.STRING, 1, 1, 0), snapshot);
            }

            @Override
            public void send(KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> h, Object record) throws Exception {
                ReviewFlag f = (ReviewFlag) record;
                h.processElement(f, f.eventTimeMs);
            }

            @Override
            public void watermark(KeyedOneInputStreamOperatorTestHarness<String, ReviewFlag, ReviewTask> h, long t) throws Exception {
                h.processWatermark(t);
            }

            @Override
            public String describe(Object value) {
                if (!(value instanceof ReviewTask t)) {
                    return null;
                }
                t.updatedAt = null; // wall-clock time
                t.updatedAtMs = 0;
                return JsonOutput.toJson(t);
            }
        };
    }

    @Test
    void episodesHeldOnTheHeapGiveTheTasksAndStateOfEpisodesWrittenAtOnce() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            RestoredRuns.Result atOnce = RestoredRuns.assertHoldingChangesNothing(ReviewTasksHeldOnHeapTest::reviewTasks,
                    flags(seed), 2, 101, 263);
            assertThat(atOnce.records().stream().filter(t -> t.contains("\"revision\":1")).count())
                    .as("seed %d: revised tasks to compare", seed).isGreaterThan(5);
        }
    }
}
