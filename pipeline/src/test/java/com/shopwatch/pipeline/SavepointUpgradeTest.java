package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.EventDecoder;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import com.shopwatch.pipeline.testing.TestEvents;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.ReviewTasks;
import com.shopwatch.review.TaskReason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * State survives an upgrade: the job (Kafka in and out, RocksDB) is stopped with a savepoint in
 * the middle of three episodes and a freshly built job graph of the same {@link ShopwatchJob} is
 * restored from it: (a) a seller's burst of 20 + 15 listings (limit 30 per 10 min) split by the
 * savepoint is flagged, and the same 15 without the restored state are not; (b) a rule flag
 * before the savepoint and another reason for the item after it, within the merge window, give one
 * task with both reasons; (c) a moderator's decision that arrived before the savepoint, waiting for
 * its task, is joined with the task made after it and counted in a precision record.
 */
class SavepointUpgradeTest {
    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManager(1);

    private static final String BURST = "S-burst";
    private static final String SENTINEL = "S-sentinel";

    @Test
    void detectorTaskAndDecisionStateCarryOverAStopWithSavepointIntoANewJobGraph(@TempDir Path savepoints) throws Exception {
        long base = System.currentTimeMillis() - 2 * 3600_000L;
        long s = 1000;
        KAFKA.createTopics(1, "su.events", "su.after-only", "su.policies", "su.decisions", "su.none");

        List<String> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {                                          // (a) 20 listings of a burst
            before.add(TestEvents.listingBy(BURST, "B" + i, "TH", "THB", base + i * 5 * s, "Desk lamp " + i));
        }
        before.add(TestEvents.listing("M1", "SG", "SGD", base + 100 * s, "vape pod"));        // (b) first reason
        before.add(TestEvents.listing("F1", "TH", "THB", base + 112 * s, "Desk fan"));         // moves event time past M1
        long decisionTime = base + 240 * s;
        String d1Task = ReviewTasks.taskId("listing", "D1", base + 200 * s);
        String decision = "{\"task_id\":\"" + d1Task + "\",\"decision\":\"violating\",\"moderator_id\":\"m-1\",\"time\":\""
                + Instant.ofEpochMilli(decisionTime) + "\"}";                             // (c) decision before its task

        List<String> after = new ArrayList<>();
        after.add(TestEvents.listing("M1", "SG", "SGD", base + 120 * s, "pistol case")
                .replace("\"action\":\"created\"", "\"action\":\"updated\"").replace("\"ev-M1\"", "\"ev-M1b\""));   // (b) second reason
        for (int i = 20; i < 35; i++) {                                         // (a) 15 more: 35 in 10 min
            after.add(TestEvents.listingBy(BURST, "B" + i, "TH", "THB", base + (130 + (i - 20) * 5) * s, "Desk lamp " + i));
        }
        after.add(TestEvents.listing("D1", "SG", "SGD", base + 200 * s, "vape kit"));          // (c) the task
        for (int i = 0; i < 31; i++) {                                          // a burst on its own: flagged in any case
            after.add(TestEvents.listingBy(SENTINEL, "Z" + i, "TH", "THB", base + (300 + i * 2) * s, "Lamp shade " + i));
        }
        after.add(TestEvents.listing("F2", "TH", "THB", base + 800 * s, "Desk fan"));          // closes every window

        // Run 1: the first half, then stop with a savepoint (no drain: windows and waits stay open).
        KAFKA.produce("su.events", TestEvents.asBytes(before));
        KAFKA.produce("su.decisions", TestEvents.asBytes(List.of(decision)));
        JobOptions options = options("su.events", "su.decisions", "su1");
        JobClient first = start(options, null);
        await(() -> flags("su1").stream().anyMatch(f -> f.itemId.equals("M1")), "the first half processed");
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        assertThat(flags("su1")).noneMatch(f -> f.ruleId.equals("seller_velocity"));
        assertThat(tasks("su1")).as("M1's task waits for its merge window").isEmpty();

        // Run 2: a newly built job graph of the same job, restored from the savepoint; the second half.
        JobClient restored = start(options, savepoint);
        try {
            KAFKA.produce("su.events", TestEvents.asBytes(after));
            await(() -> flags("su1").stream().anyMatch(f -> f.accountId.equals(SENTINEL) && f.ruleId.equals("seller_velocity"))
                    && tasks("su1").stream().anyMatch(t -> t.itemId.equals("M1"))
                    && precision("su1").size() > 0, "the second half processed");
        } finally {
            restored.cancel().get();
        }
        // (a) the burst across the savepoint is flagged, on the listing that crossed the limit
        assertThat(flags("su1")).filteredOn(f -> f.accountId.equals(BURST) && f.ruleId.equals("seller_velocity"))
                .singleElement().satisfies(f -> {
                    assertThat(f.itemId).isEqualTo("B30");
                    assertThat(f.evidence[0].observed).isEqualTo(31.0);
                });
        // (b) one task for M1 with both reasons: the pending merge carried over
        assertThat(tasks("su1")).filteredOn(t -> t.itemId.equals("M1")).singleElement().satisfies(t -> {
            assertThat(t.taskId).isEqualTo(ReviewTasks.taskId("listing", "M1", base + 100 * s));
            assertThat(Arrays.stream(t.reasons).map(r -> r.ruleId)).containsExactlyInAnyOrder("sg-vape", "weapons-prohibited");
        });
        // (c) the waiting decision joined the task made after the restore: a precision record
        assertThat(precision("su1")).singleElement().satisfies(p -> {
            assertThat(p.ruleId).isEqualTo("sg-vape");
            assertThat(p.country).isEqualTo("SG");
            assertThat(p.decisionsViolating).isEqualTo(1L);
        });

        // Run 3, the negative: the same second half without the restored state.
        KAFKA.produce("su.after-only", TestEvents.asBytes(after));
        JobClient fresh = start(options("su.after-only", "su.none", "su2"), null);
        try {
            await(() -> flags("su2").stream().anyMatch(f -> f.accountId.equals(SENTINEL) && f.ruleId.equals("seller_velocity"))
                    && tasks("su2").stream().anyMatch(t -> t.itemId.equals("D1")), "the second half processed without state");
            Thread.sleep(1500);   // a few more checkpoints (at-least-once sinks flush on them)
        } finally {
            fresh.cancel().get();
        }
        assertThat(flags("su2")).as("15 listings alone are within the limit")
                .noneMatch(f -> f.accountId.equals(BURST) && f.ruleId.equals("seller_velocity"));
        assertThat(tasks("su2")).filteredOn(t -> t.itemId.equals("M1")).singleElement()
                .satisfies(t -> assertThat(Arrays.stream(t.reasons).map(r -> r.ruleId)).containsExactly("weapons-prohibited"));
        assertThat(precision("su2")).isEmpty();
    }

    private static JobOptions options(String events, String decisions, String out) throws Exception {
        KAFKA.createTopics(1, out + ".review", out + ".flags", out + ".escalations", out + ".shadow", out + ".metrics", out + ".dlq",
                out + ".status");
        return JobOptions.fromArgs(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--input-topics", events, "--decisions-topic", decisions, "--policy-topic", "su.policies",
                "--review-topic", out + ".review", "--flags-topic", out + ".flags", "--escalation-topic", out + ".escalations",
                "--shadow-samples-topic", out + ".shadow", "--metrics-topic", out + ".metrics", "--dlq-topic", out + ".dlq",
                "--policy-status-topic", out + ".status",
                "--group-id", out, "--starting-offsets", "earliest",
                "--checkpoint-interval", "500 ms", "--state-backend", "rocksdb",
                // unbounded: a quiet input (decisions between records, events between the halves) must not hold event time
                "--idleness", "1 s");
    }

    /** A newly built job graph of the whole job; restored from {@code savepoint} when given. */
    private static JobClient start(JobOptions options, String savepoint) throws Exception {
        Configuration conf = ShopwatchJob.flinkConfiguration(options);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        new ShopwatchJob(options, EventSources.kafka(options, new EventDecoder(options.decoderSettings())), PolicySources.kafka(options),
                DecisionSources.kafka(options), TestPolicies.defaults(), JobSinks.kafka(options)).build(env);
        return env.executeAsync("shopwatch-savepoint-test");
    }

    private static List<ReviewFlag> flags(String out) {
        return KAFKA.readJson(out + ".flags", ReviewFlag.class);
    }

    private static List<ReviewTask> tasks(String out) {
        return KAFKA.readJson(out + ".review", ReviewTask.class);
    }

    private static List<MetricsRecord> precision(String out) {
        return KAFKA.readJson(out + ".metrics", MetricsRecord.class).stream().filter(m -> "precision".equals(m.kind)).toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
