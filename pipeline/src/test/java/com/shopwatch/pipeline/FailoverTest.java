package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import com.shopwatch.pipeline.testing.FaultyDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through failures: the bundled sample (400 events, 32 malformed) read from a real
 * Kafka broker (in-process KRaft) by the whole job on a MiniCluster with RocksDB, checkpoints every
 * 500 ms and exactly-once sinks. (1) The source's decoder throws once mid-stream; the job restarts
 * from its last checkpoint (fixed-delay). (2) The job is cancelled mid-stream and resubmitted from
 * its retained checkpoint. Every output topic, read {@code read_committed}, holds exactly the
 * records of a run without failure (wall-clock fields aside): none lost, none duplicated.
 */
class FailoverTest {
    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    /** Output option → topic suffix: every output the job writes. */
    private static final Map<String, String> OUTPUTS = new LinkedHashMap<>();

    static {
        OUTPUTS.put("--review-topic", "review");
        OUTPUTS.put("--flags-topic", "flags");
        OUTPUTS.put("--escalation-topic", "escalations");
        OUTPUTS.put("--shadow-samples-topic", "shadow-samples");
        OUTPUTS.put("--metrics-topic", "metrics");
        OUTPUTS.put("--dlq-topic", "dlq");
        OUTPUTS.put("--policy-status-topic", "policy-status");
    }

    /** Processing-time fields: when a record was made, not what it says. */
    private static final Set<String> WALL_CLOCK = Set.of("detection_time", "detection_time_ms", "updated_at", "updated_at_ms",
            "at", "received_at", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms");

    private static final int INPUT_RECORDS = 400;
    private static Map<String, List<String>> baseline;

    @TempDir
    static Path CHECKPOINTS;

    @Test
    void aFailureMidStreamRestartsFromTheLastCheckpointAndLosesOrDuplicatesNothing() throws Exception {
        crashMidStreamAndCompare("crash", new Configuration());
    }

    /**
     * The same with Flink's state changelog over RocksDB, as the sample real-time cluster config
     * sets it (given as the cluster's configuration: the job then keeps its timers in RocksDB).
     * The restart restores RocksDB's last materialisation plus the changes logged since.
     */
    @Test
    void withTheStateChangelogAFailureMidStreamLosesOrDuplicatesNothingEither(@TempDir Path changelog) throws Exception {
        Configuration cluster = new Configuration();
        cluster.setString("state.changelog.enabled", "true");
        cluster.setString("state.changelog.storage", "filesystem");
        cluster.setString("state.changelog.dstl.dfs.base-path", changelog.toUri().toString());
        // materialise during the run too, so the restore combines a materialisation and a log
        cluster.setString("state.changelog.periodic-materialize.interval", "1 s");
        crashMidStreamAndCompare("changelog", cluster);
    }

    /**
     * Crashes the job on the 250th record, or the first after it once a checkpoint has completed;
     * its outputs must equal a run without failure. {@code cluster}: the cluster's settings.
     */
    private void crashMidStreamAndCompare(String name, Configuration cluster) throws Exception {
        Map<String, List<String>> expected = baseline();
        FaultyDecoder.reset();
        JobOptions options = options(name, "--checkpoint-dir", CHECKPOINTS.resolve(name).toUri().toString());
        Files.createDirectories(CHECKPOINTS.resolve(name));
        Configuration conf = ShopwatchJob.flinkConfiguration(options, cluster);
        conf.addAll(cluster);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        // 8 ms a record: ~1.6 s of input per subtask, checkpoints every 500 ms; fail on the 250th
        // record, or later if no checkpoint has completed by then (a slow machine, the changelog's
        // first upload): a restart that had to begin from the start would prove nothing
        Path checkpoints = CHECKPOINTS.resolve(name);
        run(options, conf, new FaultyDecoder(decoder(options), 250, 8, checkpoints), null);

        assertThat(FaultyDecoder.THROWN).as("the injected failure happened").isTrue();
        // Restored from a checkpoint, not from the start: fewer than all 400 records were decoded
        // again after the failure (the other subtask's few in-flight records included).
        long afterFailure = FaultyDecoder.DECODED.get() - FaultyDecoder.DECODED_AT_FAILURE.get();
        assertThat(afterFailure).as("records decoded after the failure").isGreaterThan(0).isLessThan(INPUT_RECORDS);
        assertSameOutputs(expected, outputs(name));
    }

    @Test
    void aJobCancelledMidStreamResumesFromItsRetainedCheckpointAndLosesOrDuplicatesNothing(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = baseline();
        FaultyDecoder.reset();
        JobOptions options = options("resume", "--checkpoint-dir", dir.toUri().toString());
        Configuration conf = flinkConf(options);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        JobClient first = start(options, conf, new FaultyDecoder(decoder(options), 0, 10));
        Path checkpoint = awaitCheckpoint(dir.resolve(first.getJobID().toHexString()), 150);
        first.cancel().get();
        long decodedBeforeCancel = FaultyDecoder.DECODED.get();
        assertThat(decodedBeforeCancel).as("cancelled mid-stream").isLessThan(INPUT_RECORDS);
        checkpoint = latestCheckpoint(dir.resolve(first.getJobID().toHexString())).orElse(checkpoint);

        FaultyDecoder.reset();
        Configuration resumed = flinkConf(options);
        resumed.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
        // A bounded KafkaSource restored from a checkpoint or savepoint reads up to its stopping
        // offsets but never finishes (its restored enumerator never signals "no more splits":
        // FLINK-31006 / FLINK-33466, flink-connector-kafka 5.0.0-2.2). So the resumed run is ended
        // the way an operator ends a backfill: once everything is read and checkpointed (the
        // group's committed offsets reach the end), stop with a draining savepoint, which ends
        // event time as the end of input would.
        JobClient second = start(options, resumed, new FaultyDecoder(decoder(options), 0, 0));
        awaitCommittedToEnd("fo-resume", "fo.events");
        second.stopWithSavepoint(true, dir.resolve("drained").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(FaultyDecoder.DECODED.get()).as("the resumed job started from the checkpoint's offsets")
                .isGreaterThan(0).isLessThan(INPUT_RECORDS);
        assertSameOutputs(expected, outputs("resume"));
    }

    private static void assertSameOutputs(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        for (String topic : OUTPUTS.values()) {
            assertThat(actual.get(topic)).as(topic + ": the same records as without failure").containsExactlyElementsOf(expected.get(topic));
        }
    }

    /** The outputs of the same input without any failure (computed once per class). */
    private static synchronized Map<String, List<String>> baseline() throws Exception {
        if (baseline == null) {
            KAFKA.createTopics(2, "fo.events");
            KAFKA.createTopics(1, "fo.policies", "fo.decisions");
            List<byte[]> lines = new ArrayList<>();
            byte[] all = Files.readAllBytes(Path.of("../config/samples/events.jsonl"));
            int start = 0;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    if (i > start) {
                        lines.add(Arrays.copyOfRange(all, start, i));
                    }
                    start = i + 1;
                }
            }
            assertThat(lines).hasSize(INPUT_RECORDS);
            KAFKA.produce("fo.events", lines);
            FaultyDecoder.reset();
            JobOptions options = options("base", "--checkpoint-dir", CHECKPOINTS.resolve("base").toUri().toString());
            run(options, flinkConf(options), new FaultyDecoder(decoder(options), 0, 0), null);
            baseline = outputs("base");
            assertThat(baseline.get("flags")).as("baseline flags").isNotEmpty();
            assertThat(baseline.get("review")).as("baseline tasks").isNotEmpty();
            assertThat(baseline.get("escalations")).as("baseline escalations").isNotEmpty();
            assertThat(baseline.get("metrics")).as("baseline metrics").isNotEmpty();
            assertThat(baseline.get("dlq")).as("baseline dead letters").hasSize(32);
        }
        return baseline;
    }

    private static JobOptions options(String run, String... more) throws Exception {
        List<String> topics = new ArrayList<>();
        for (Map.Entry<String, String> o : OUTPUTS.entrySet()) {
            topics.add(run + "." + o.getValue());
        }
        KAFKA.createTopics(1, topics.toArray(String[]::new));
        List<String> args = new ArrayList<>(List.of(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--input-topics", "fo.events", "--policy-topic", "fo.policies", "--decisions-topic", "fo.decisions",
                "--group-id", "fo-" + run, "--starting-offsets", "earliest", "--stop-at-latest",
                "--delivery", "exactly-once", "--transaction-timeout", "60 s", "--transactional-id-prefix", "fo-" + run,
                "--checkpoint-interval", "500 ms", "--state-backend", "rocksdb", "--idleness", "0 s"));
        for (Map.Entry<String, String> o : OUTPUTS.entrySet()) {
            args.add(o.getKey());
            args.add(run + "." + o.getValue());
        }
        args.addAll(List.of(more));
        return JobOptions.fromArgs(args.toArray(String[]::new));
    }

    private static Configuration flinkConf(JobOptions options) {
        return ShopwatchJob.flinkConfiguration(options);
    }

    private static EventDecoder decoder(JobOptions options) {
        return new EventDecoder(options.decoderSettings());
    }

    private static ShopwatchJob job(JobOptions options, FaultyDecoder decoder) {
        return new ShopwatchJob(options, EventSources.kafka(options, decoder), PolicySources.kafka(options),
                DecisionSources.kafka(options), BundledPolicies.load("../config/policies"), JobSinks.kafka(options));
    }

    /** Runs the bounded job to its end (or fails after two minutes rather than hang the suite). */
    private static void run(JobOptions options, Configuration conf, FaultyDecoder decoder, Object unused) throws Exception {
        JobClient client = start(options, conf, decoder);
        try {
            client.getJobExecutionResult().get(120, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            client.cancel().get();
            throw new AssertionError("the job did not finish within 2 minutes (decoded " + FaultyDecoder.DECODED.get() + ")", e);
        }
    }

    private static JobClient start(JobOptions options, Configuration conf, FaultyDecoder decoder) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        job(options, decoder).build(env);
        return env.executeAsync("shopwatch-resume-test");
    }

    /** Waits until the consumer group has committed (on checkpoints) the end offsets of the topic. */
    private static void awaitCommittedToEnd(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()))) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("group " + group + " did not commit the end of " + topic + " " + end);
        }
    }

    /** Waits for a completed checkpoint taken after at least {@code minDecoded} records. */
    private static Path awaitCheckpoint(Path jobDir, long minDecoded) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (FaultyDecoder.DECODED.get() >= minDecoded) {
                Optional<Path> latest = latestCheckpoint(jobDir);
                if (latest.isPresent()) {
                    return latest.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no completed checkpoint in " + jobDir);
    }

    private static Optional<Path> latestCheckpoint(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))));
        }
    }

    /** Every committed record of each output topic of a run, wall-clock fields removed, sorted. */
    private static Map<String, List<String>> outputs(String run) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String topic : OUTPUTS.values()) {
            List<String> records = new ArrayList<>();
            for (var r : KAFKA.readAll(run + "." + topic, true)) {
                JsonNode node = JsonOutput.mapper().readTree(new String(r.value(), StandardCharsets.UTF_8));
                strip(node);
                records.add(JsonOutput.mapper().writeValueAsString(node));
            }
            records.sort(null);
            out.put(topic, records);
        }
        return out;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(WALL_CLOCK);
            JsonNode error = object.get("error");
            if (error != null && error.isTextual()) {
                // a future_event_time dead letter says how far ahead of the receive time (the wall clock) it was
                object.put("error", error.asText().replaceAll("is \\d+ s ahead of the receive time", "is N s ahead of the receive time"));
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }
}
