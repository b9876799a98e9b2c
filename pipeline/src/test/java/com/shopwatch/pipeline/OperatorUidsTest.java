package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.options.JobOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A savepoint restores an operator's state by its uid: renaming or dropping one loses that state.
 * The job's uids are fixed in {@code operator-uids.txt}; a change to them must be deliberate
 * (update the list, and say in the README how to migrate a running job).
 */
class OperatorUidsTest {
    @Test
    void theTopologyKeepsItsSavepointUids() throws Exception {
        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "10");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        ShopwatchJob.fromOptions(options).build(env);
        TreeSet<String> uids = new TreeSet<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            uids.add(Objects.requireNonNull(node.getTransformationUID(), () -> "operator without uid: " + node.getOperatorName()));
        }
        List<String> fixed = Files.readAllLines(Path.of("src/test/resources/operator-uids.txt"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(uids).as("operator uids (savepoint compatibility; see operator-uids.txt)").containsExactlyElementsOf(fixed);
    }

    /**
     * Flags are few: the rule-flag path flushes after --flag-buffer-timeout, the detectors after
     * --detector-buffer-timeout; the event shuffles and the tasks (which wait for the watermark) keep Flink's setting.
     */
    @Test
    void theFlagPathFlushesSoonerThanTheEventShuffles() throws Exception {
        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "10", "--flag-buffer-timeout", "7 ms",
                "--detector-buffer-timeout", "13 ms");
        java.util.Map<String, Long> timeouts = bufferTimeouts(options);
        for (String flagPath : List.of("evaluate-policies", "flood-breaker", "enforced-flags")) {
            assertThat(timeouts).as(flagPath).containsEntry(flagPath, 7L);
        }
        // The router's buffers into the detectors carry the watermark their held events wait for.
        for (String detector : List.of("route-to-detectors", "seller-velocity", "duplicate-content", "duplicate-content-once",
                "report-storm", "price-anomaly", "new-account-high-value", "emerging-terms")) {
            assertThat(timeouts).as(detector).containsEntry(detector, 13L);
        }
        for (String eventPath : List.of("events-source", "route-dead-letters", "account-history", "review-tasks")) {
            assertThat(timeouts.get(eventPath)).as(eventPath).isNotIn(7L, 13L);
        }
    }

    /** A replay of a file flushes its flag and detector paths at Flink's 100 ms, a real-time run sooner. */
    @Test
    void aReplayBuildsItsFlagPathsForThroughput() throws Exception {
        java.util.Map<String, Long> replay = bufferTimeouts(JobOptions.fromArgs("--events", "../config/samples/events.jsonl"));
        java.util.Map<String, Long> realTime = bufferTimeouts(JobOptions.fromArgs("--source", "generator", "--generator.count", "0"));
        for (String path : List.of("evaluate-policies", "flood-breaker", "enforced-flags", "route-to-detectors", "duplicate-content",
                "seller-velocity")) {
            assertThat(replay).as(path).containsEntry(path, 100L);
            assertThat(realTime.get(path)).as(path).isLessThan(100L);
        }
    }

    private static java.util.Map<String, Long> bufferTimeouts(JobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        ShopwatchJob.fromOptions(options).build(env);
        java.util.Map<String, Long> timeouts = new java.util.TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            timeouts.put(node.getTransformationUID(), node.getBufferTimeout());
        }
        return timeouts;
    }
}
