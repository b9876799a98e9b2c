package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import com.shopwatch.pipeline.testing.TestEvents;
import com.shopwatch.pipeline.testing.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint of the current version stays restorable: {@code src/test/resources/savepoints/compat}
 * is a canonical savepoint (RocksDB, parallelism 1) taken by {@link #writeTheCompatibilitySavepoint}
 * in the middle of a seller's burst (20 of 31 listings). This test restores it into the job as
 * built now, without {@code allowNonRestoredState}, and feeds the rest of the burst: the job must
 * start (every operator state maps to a uid, every state descriptor's serializer is compatible)
 * and flag the burst (the detector read its restored state). A change that breaks it needs a
 * migration note in the README ("Upgrading and savepoints") and a regenerated savepoint.
 */
class SavepointCompatibilityTest {
    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManager(1);

    static final Path COMMITTED = Path.of("src/test/resources/savepoints/compat");
    private static final String BURST = "S-compat";
    /** Event times of the savepoint's records; fixed, so restoring it later sees the same windows. */
    private static final long BASE = 1_795_000_000_000L;   // 2026-11-18

    @Test
    void theCommittedSavepointOfTheCurrentVersionRestoresIntoTheJobAsBuiltNow() throws Exception {
        assertThat(COMMITTED.resolve("_metadata")).as("committed savepoint").exists();
        topics();
        KAFKA.produce("compat.events", TestEvents.asBytes(before()));   // same offsets as when it was taken
        Configuration conf = ShopwatchJob.flinkConfiguration(options());
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, COMMITTED.toAbsolutePath().toUri().toString());
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobClient job;
        try {
            job = start(conf);
        } catch (Exception e) {
            throw incompatible("was refused", e);
        }
        try {
            KAFKA.produce("compat.events", TestEvents.asBytes(after()));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                JobStatus status = job.getJobStatus().get();
                if (status.isGloballyTerminalState() || status == JobStatus.FAILING || status == JobStatus.RESTARTING) {
                    Throwable cause = null;
                    try {
                        job.getJobExecutionResult().get();
                    } catch (Exception e) {
                        cause = e;
                    }
                    throw incompatible("is " + status, cause);
                }
                if (flags().stream().anyMatch(f -> f.accountId.equals(BURST) && f.ruleId.equals("seller_velocity"))) {
                    break;
                }
                Thread.sleep(300);
            }
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
        assertThat(flags()).as("the burst split by the savepoint is flagged: the restored detector state was read (if not, a state"
                        + " was renamed or dropped: running jobs would lose it; write a migration note in README.md, \"Upgrading and"
                        + " savepoints\", and regenerate the savepoint)")
                .filteredOn(f -> f.accountId.equals(BURST) && f.ruleId.equals("seller_velocity"))
                .singleElement().satisfies(f -> assertThat(f.itemId).isEqualTo("K30"));
    }

    private static AssertionError incompatible(String what, Throwable cause) {
        return new AssertionError("The savepoint of the current version (" + COMMITTED + ") no longer restores: the job " + what
                + ". A change to an operator uid or to a state descriptor (name or type) makes running jobs unrestorable: write a"
                + " migration note in README.md (\"Upgrading and savepoints\"), then regenerate the savepoint (see there).", cause);
    }

    /**
     * Regenerates the committed savepoint (after a deliberate, documented incompatible change):
     * {@code mvn -o -pl udfs,generator,pipeline verify -Dtest=SavepointCompatibilityTest -Dshopwatch.regenerate-savepoint=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "shopwatch.regenerate-savepoint", matches = "true")
    void writeTheCompatibilitySavepoint(@TempDir Path tmp) throws Exception {
        topics();
        KAFKA.produce("compat.events", TestEvents.asBytes(before()));
        JobClient job = start(ShopwatchJob.flinkConfiguration(options()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (flags().stream().noneMatch(f -> f.itemId.equals("KV")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
        }
        String taken = job.stopWithSavepoint(false, tmp.toUri().toString(), SavepointFormatType.CANONICAL).get();
        Path source = Path.of(java.net.URI.create(taken.startsWith("file:") ? taken : "file:" + taken));
        if (Files.exists(COMMITTED)) {
            try (Stream<Path> old = Files.walk(COMMITTED)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(COMMITTED);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path target = COMMITTED.resolve(source.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    /** 20 listings of the burst and a rule flag (the marker that they were processed). */
    private static List<String> before() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(TestEvents.listingBy(BURST, "K" + i, "TH", "THB", BASE + i * 5_000L, "Desk lamp " + i));
        }
        out.add(TestEvents.listing("KV", "SG", "SGD", BASE + 100_000L, "vape pod"));
        return out;
    }

    /** The rest of the burst (31 in 10 minutes), and an event that moves event time past it. */
    private static List<String> after() {
        List<String> out = new ArrayList<>();
        for (int i = 20; i < 31; i++) {
            out.add(TestEvents.listingBy(BURST, "K" + i, "TH", "THB", BASE + (110 + (i - 20) * 5) * 1000L, "Desk lamp " + i));
        }
        out.add(TestEvents.listing("KF", "TH", "THB", BASE + 600_000L, "Desk fan"));
        return out;
    }

    private static void topics() throws Exception {
        KAFKA.createTopics(1, "compat.events", "compat.policies", "compat.decisions", "compat.review", "compat.flags", "compat.escalations",
                "compat.shadow", "compat.metrics", "compat.dlq", "compat.status");
    }

    private static JobOptions options() {
        return JobOptions.fromArgs(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--input-topics", "compat.events", "--decisions-topic", "compat.decisions", "--policy-topic", "compat.policies",
                "--review-topic", "compat.review", "--flags-topic", "compat.flags", "--escalation-topic", "compat.escalations",
                "--shadow-samples-topic", "compat.shadow", "--metrics-topic", "compat.metrics", "--dlq-topic", "compat.dlq",
                "--policy-status-topic", "compat.status", "--group-id", "compat", "--starting-offsets", "earliest",
                // the savepoint is restored long after it was taken: keep its state from expiring in processing time
                "--detectors.state-ttl", "3650 d",
                "--checkpoint-interval", "500 ms", "--state-backend", "rocksdb", "--idleness", "1 s");
    }

    private static JobClient start(Configuration conf) throws Exception {
        JobOptions options = options();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        new ShopwatchJob(options, EventSources.kafka(options, new EventDecoder(options.decoderSettings())), PolicySources.kafka(options),
                DecisionSources.kafka(options), TestPolicies.defaults(), JobSinks.kafka(options)).build(env);
        return env.executeAsync("shopwatch-compatibility");
    }

    private static List<ReviewFlag> flags() {
        return KAFKA.readJson("compat.flags", ReviewFlag.class);
    }
}
