package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.options.JobOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same output: over the same file, the job gives the same flags, tasks and
 * escalations at parallelism 1 and 2 (wall-clock fields aside), and no flag id repeats. Detector
 * decisions and task grouping depend on event time only, never on arrival order across partitions.
 */
class DeterminismTest {
    /** Fields that hold the wall clock at the moment of writing: the only ones allowed to differ. */
    private static final List<String> WALL_CLOCK = List.of("detection_time", "detection_time_ms", "updated_at",
            "updated_at_ms", "at");

    @TempDir
    Path tmp;

    @Test
    void parallelismOneAndTwoGiveTheSameFlagsTasksAndEscalations() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        long start = System.currentTimeMillis() - 2 * 86_400_000L;
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(5).startTimeMillis(start)
                .eventsPerSecond(20).violationFraction(0.08).abuseRate(8).build());
        try (OutputStream o = Files.newOutputStream(events)) {
            for (long i = 0; i < 16_000; i++) {
                o.write(g.generate(i).payload());
                o.write('\n');
            }
        }
        Map<String, List<String>> p1 = run(events, tmp.resolve("p1"), 1);
        Map<String, List<String>> p2 = run(events, tmp.resolve("p2"), 2);
        for (String output : List.of("flags", "review", "escalations")) {
            List<String> onlyP1 = new ArrayList<>(p1.get(output));
            onlyP1.removeAll(p2.get(output));
            List<String> onlyP2 = new ArrayList<>(p2.get(output));
            onlyP2.removeAll(p1.get(output));
            assertThat(onlyP1).as(output + " only at parallelism 1 (only at 2: " + onlyP2.size() + " " + clip(onlyP2) + ")")
                    .isEmpty();
            assertThat(onlyP2).as(output + " only at parallelism 2").isEmpty();
            assertThat(p2.get(output)).as(output).hasSameSizeAs(p1.get(output));
        }
        assertThat(p1.get("flags")).hasSizeGreaterThan(500);
        // the detectors whose decisions used to depend on arrival order are all in there
        for (String detector : List.of("price_anomaly", "duplicate_content", "seller_velocity")) {
            assertThat(p1.get("flags")).as(detector).anyMatch(f -> f.contains("\"rule_id\":\"" + detector + "\""));
        }
        List<String> ids = p1.get("flags").stream().map(f -> JsonOutput.fromJson(f, com.shopwatch.model.ReviewFlag.class).flagId)
                .toList();
        assertThat(ids).as("flag ids").doesNotHaveDuplicates();
    }

    private static String clip(List<String> records) {
        return records.stream().limit(3).map(r -> r.length() > 600 ? r.substring(0, 600) + "…" : r).toList().toString();
    }

    private static Map<String, List<String>> run(Path events, Path out, int parallelism) throws Exception {
        JobOptions options = JobOptions.fromArgs("--events", events.toString(), "--out", out.toString(),
                "--state-backend", "hashmap", "--parallelism", String.valueOf(parallelism));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(parallelism);
        ShopwatchJob.fromOptions(options).execute(env);
        Map<String, List<String>> outputs = new TreeMap<>();
        for (String name : List.of("flags", "review", "escalations")) {
            outputs.put(name, records(out, name + ".jsonl"));
        }
        return outputs;
    }

    /** Every record of an output (one file, or one per subtask), wall-clock fields removed, sorted. */
    private static List<String> records(Path dir, String name) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(name)).toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode n = JsonOutput.mapper().readTree(line);
                    strip(n);
                    out.add(JsonOutput.mapper().writeValueAsString(n));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(WALL_CLOCK);
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(DeterminismTest::strip);
        }
    }
}
