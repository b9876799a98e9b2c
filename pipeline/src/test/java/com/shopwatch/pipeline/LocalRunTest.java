package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.model.DeadLetter;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's local run over the bundled sample: the production wiring ({@code fromOptions})
 * on a MiniCluster with RocksDB, checked against the sample's manifest line by line.
 */
class LocalRunTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    private static final Path SAMPLE = Path.of("../config/samples/events.jsonl");
    private static final Path DECISIONS = Path.of("../config/samples/decisions.jsonl");
    private static final Set<String> VAPE_COUNTRIES = Set.of("SG", "TH", "VN");

    @Test
    void aJobGivenNoEventInputRefusesToStartAndNamesTheThreeInputs() {
        // What a cluster submission without options gets: no synthetic traffic, a clear reason.
        assertThatThrownBy(() -> ShopwatchJob.fromOptions(JobOptions.fromArgs("--out", "out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka.bootstrap.servers").hasMessageContaining("--events")
                .hasMessageContaining("--source generator");
    }

    @Test
    void onAClusterLocalFileOutputsAreRefusedUnlessNamed() {
        // --events without Kafka and without --out: the files would land on each TaskManager
        assertThatThrownBy(() -> ShopwatchJob.requireClusterOutputs(JobOptions.fromArgs("--events", "history/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka.bootstrap.servers").hasMessageContaining("--out DIR");
        ShopwatchJob.requireClusterOutputs(JobOptions.fromArgs("--events", "history/", "--out", "s3://bucket/out"));
        ShopwatchJob.requireClusterOutputs(JobOptions.fromArgs("--kafka.bootstrap.servers", "broker:9092"));
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.setString("shopwatch.out", "s3://bucket/out"); // named in the cluster's config.yaml
        ShopwatchJob.requireClusterOutputs(JobOptions.fromConfiguration(conf, "--events", "history/"));
    }

    @Test
    void theBundledSampleYieldsTheManifestsDeadLettersMetricsAndFlags(@TempDir Path out) throws Exception {
        JobOptions options = JobOptions.fromArgs("--events", SAMPLE.toString(), "--decisions", DECISIONS.toString(),
                "--out", out.toString(), "--policies", "../config/policies", "--checkpoint-interval", "1 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(2);
        ShopwatchJob.fromOptions(options).execute(env);

        JsonNode manifest = JsonOutput.mapper().readTree(Files.readString(Path.of("../config/samples/events.manifest.json")));
        List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.ISO_8859_1); // byte-faithful line split
        List<String> outcomes = new ArrayList<>();
        manifest.get("lines").forEach(n -> outcomes.add(n.asText()));
        assertThat(outcomes).hasSize(lines.size());

        // Dead letters: exactly the manifest's malformed lines, each with its reason and line number.
        List<DeadLetter> allDeadLetters = read(out.resolve("dlq.jsonl"), DeadLetter.class);
        List<DeadLetter> deadLetters = allDeadLetters.stream().filter(d -> !"decision".equals(d.eventType)).toList();
        Map<Long, String> expectedDlq = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).startsWith("malformed:")) {
                expectedDlq.put(i + 1L, outcomes.get(i).substring("malformed:".length()));
            }
        }
        Map<Long, String> actualDlq = new TreeMap<>();
        deadLetters.forEach(d -> actualDlq.put(d.source.line, d.reason));
        assertThat(deadLetters).hasSize(expectedDlq.size());
        assertThat(actualDlq).isEqualTo(expectedDlq);

        // Metrics: every accepted event counted once, dead letters too.
        List<MetricsRecord> metrics = read(out.resolve("metrics.jsonl"), MetricsRecord.class);
        long accepted = metrics.stream().filter(m -> m.kind.equals("traffic")).mapToLong(m -> m.eventsAccepted + m.lateEvents).sum();
        long dlq = metrics.stream().filter(m -> m.kind.equals("traffic")).mapToLong(m -> m.deadLetters).sum();
        assertThat(accepted).isEqualTo(manifest.get("valid").asLong() + manifest.get("violations").get("total").asLong());
        assertThat(dlq).isEqualTo(expectedDlq.size());

        // Flags: every injected violation is flagged (vape only where it is prohibited); no clean event is.
        List<ReviewFlag> flags = read(out.resolve("flags.jsonl"), ReviewFlag.class);
        Map<String, List<ReviewFlag>> byEvent = flags.stream().collect(Collectors.groupingBy(f -> f.sourceEventId));
        List<String> missed = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        Map<String, Integer> flaggedByCode = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String outcome = outcomes.get(i);
            if (outcome.startsWith("malformed:")) {
                continue;
            }
            String text = new String(lines.get(i).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            JsonNode event = JsonOutput.mapper().readTree(text);
            String id = event.get("event_id").asText();
            String country = event.get("country").asText();
            String action = event.get("action").asText();
            boolean contentEvent = !action.equals("deleted") && !action.equals("reported");
            List<ReviewFlag> got = byEvent.getOrDefault(id, List.of());
            if (outcome.startsWith("violation:")) {
                String code = outcome.substring("violation:".length());
                boolean expected = contentEvent && (!code.equals("vape") || VAPE_COUNTRIES.contains(country));
                if (expected && got.isEmpty()) {
                    missed.add("line " + (i + 1) + " " + code + " " + country + ": " + text);
                }
                if (!expected && got.stream().anyMatch(f -> f.ruleId.contains("vape"))) {
                    falsePositives.add("line " + (i + 1) + " vape flagged outside SG/TH/VN: " + got);
                }
                if (!got.isEmpty()) {
                    flaggedByCode.merge(code, 1, Integer::sum);
                }
            } else if (!got.isEmpty()) {
                falsePositives.add("line " + (i + 1) + " clean event flagged " + got.get(0).ruleId + " "
                        + List.of(got.get(0).evidence) + ": " + text);
            }
        }
        assertThat(missed).as("violations not flagged").isEmpty();
        assertThat(falsePositives).as("false positives").isEmpty();
        assertThat(flaggedByCode.keySet()).containsExactlyInAnyOrder(
                "vape", "weapon", "counterfeit_luxury", "prescription_drug", "wildlife");
        assertThat(flags).allSatisfy(f -> {
            assertThat(f.mode).isEqualTo("enforce");
            assertThat(f.policyVersion).startsWith("global@");
            assertThat(f.evidence).isNotEmpty();
        });

        // Tasks: exactly one per flagged item (its latest revision holds every reason that hit it,
        // each once), escalations exactly for the tasks whose highest severity is critical.
        List<ReviewTask> tasks = read(out.resolve("review.jsonl"), ReviewTask.class);
        Map<String, ReviewTask> latest = new TreeMap<>();
        for (ReviewTask t : tasks) {
            latest.merge(t.itemType + "|" + t.itemId, t, (a, b) -> a.revision >= b.revision ? a : b);
        }
        Map<String, Set<String>> reasonsByItem = new TreeMap<>();
        flags.forEach(f -> reasonsByItem.computeIfAbsent(f.itemType + "|" + f.itemId, k -> new java.util.TreeSet<>()).add(f.ruleId));
        assertThat(latest.keySet()).isEqualTo(reasonsByItem.keySet());
        latest.forEach((item, t) -> {
            assertThat(java.util.Arrays.stream(t.reasons).map(r -> r.ruleId).toList())
                    .as(item).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(reasonsByItem.get(item));
            assertThat(t.summary).startsWith(t.itemType.equals("listing") ? "Listing " + t.itemId : "Video " + t.itemId).endsWith(".");
        });
        assertThat(tasks.stream().map(t -> t.taskId + "#" + t.revision).distinct().count()).isEqualTo(tasks.size());
        // Every task lands in a queue a person can read: untagged content is routed by the
        // language its text reads as (or the country's default), never <country>-und.
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.queue).as(t.taskId).doesNotEndWith("-und");
            assertThat(t.language).as(t.taskId).isNotBlank().isNotEqualTo("und");
            assertThat(t.languageSource).as(t.taskId).isIn("producer", "detected", "country_default");
            assertThat(t.languageDetected == null).as(t.taskId).isEqualTo(t.languageSource.equals("producer"));
        });
        assertThat(tasks).filteredOn(t -> t.languageSource.equals("detected")).isNotEmpty();
        assertThat(flags).allSatisfy(f -> assertThat(f.language).as(f.flagId).isNotBlank().isNotEqualTo("und"));
        List<com.shopwatch.review.Escalation> escalations = read(out.resolve("escalations.jsonl"), com.shopwatch.review.Escalation.class);
        assertThat(escalations).extracting(e -> e.taskId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(latest.values().stream().filter(t -> t.severity.equals("critical"))
                        .map(t -> t.taskId).toList());
        assertThat(escalations).isNotEmpty();

        // Every enforced flag is counted once per country × type and once per rule × country.
        long ruleEnforced = metrics.stream().filter(m -> m.kind.equals("rule")).mapToLong(m -> m.flagsEnforced).sum();
        long trafficEnforced = metrics.stream().filter(m -> m.kind.equals("traffic")).mapToLong(m -> m.flagsEnforced).sum();
        assertThat(ruleEnforced).isEqualTo(flags.size());
        assertThat(trafficEnforced).isEqualTo(flags.size());
        assertThat(metrics).filteredOn(m -> m.kind.equals("rule")).allSatisfy(m -> assertThat(m.ruleId).isNotBlank());

        // Decisions: each line of the bundled file is counted or dead-lettered with its reason.
        List<DeadLetter> decisionDeadLetters = allDeadLetters.stream().filter(d -> "decision".equals(d.eventType)).toList();
        assertThat(decisionDeadLetters).extracting(d -> d.reason)
                .containsExactlyInAnyOrder("invalid_value", "unknown_reason", "unknown_task");
        assertThat(decisionDeadLetters).filteredOn(d -> d.reason.equals("invalid_value"))
                .singleElement().satisfies(d -> assertThat(d.source.line).isEqualTo(6));
        assertThat(precisionByRule(metrics)).isEqualTo(expectedPrecision(Files.readAllLines(DECISIONS), latest.values()));

        // Every output line conforms to its documented schema.
        assertLinesConform(out.resolve("flags.jsonl"), "review-flag");
        assertLinesConform(out.resolve("review.jsonl"), "review-task");
        assertLinesConform(out.resolve("escalations.jsonl"), "escalation");
        assertLinesConform(out.resolve("metrics.jsonl"), "metrics");
        assertThat(read(out.resolve("shadow-samples.jsonl"), ReviewTask.class)).as("the bundled packs have no shadow rule").isEmpty();
        assertLinesConform(out.resolve("dlq.jsonl"), "dead-letter");
        assertLinesConform(out.resolve("policy-status.jsonl"), "policy-status");

        // The directory snapshot read at start is the bundled set: one accepted status.
        assertThat(read(out.resolve("policy-status.jsonl"), PolicyStatus.class)).extracting(s -> s.status)
                .containsExactly("accepted");
    }

    @Test
    void aWatchedPolicyDirectoryIsReloadedOnChangeWithoutRestart(@TempDir Path tmp) throws Exception {
        Path policies = copyOfBundledPolicies(tmp);
        Path out = tmp.resolve("out");
        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "0", "--generator.rate", "300",
                "--generator.violation-fraction", "0.5", "--policies", policies.toString(), "--out", out.toString(),
                "--policies-poll-interval", "500 ms", "--checkpoint-interval", "1 s");
        org.apache.flink.core.execution.JobClient job = startUnbounded(options, "watch-test");
        try {
            awaitLines(out.resolve("policy-status.jsonl"), PolicyStatus.class, s -> s.status.equals("accepted"));
            Path sg = policies.resolve("sg.yaml");
            Files.writeString(sg, Files.readString(sg).replace("version: \"2026.11.24-1\"", "version: \"2026.11.24-9\""));
            awaitLines(out.resolve("policy-status.jsonl"), PolicyStatus.class,
                    s -> s.status.equals("accepted") && s.attempted.equals("SG@2026.11.24-9"));
            awaitLines(out.resolve("flags.jsonl"), ReviewFlag.class, f -> f.policyVersion.endsWith("SG@2026.11.24-9"));
            Files.writeString(sg, Files.readString(sg).replace("version: \"2026.11.24-9\"", "version: \"2026.11.24-10\"")
                    + "\n  - rule: no-such-rule\n");
            PolicyStatus rejected = awaitLines(out.resolve("policy-status.jsonl"), PolicyStatus.class,
                    s -> s.status.equals("rejected"));
            assertThat(rejected.attempted).isEqualTo("SG@2026.11.24-10");
            assertThat(rejected.errors).singleElement().asString().contains("sg.yaml").contains("no-such-rule");
            assertThat(rejected.activeVersion).contains("SG@2026.11.24-9");
        } finally {
            job.cancel().get();
        }
    }

    /** rule@country/mode → violating/not_violating/escalated of the newest precision record. */
    private static Map<String, String> precisionByRule(List<MetricsRecord> metrics) {
        Map<String, MetricsRecord> newest = new TreeMap<>();
        metrics.stream().filter(m -> m.kind.equals("precision")).forEach(m -> newest.merge(m.ruleId + "@" + m.country + "/" + m.mode, m,
                (a, b) -> a.windowEnd.compareTo(b.windowEnd) >= 0 ? a : b));
        Map<String, String> out = new TreeMap<>();
        newest.forEach((k, m) -> out.put(k, m.decisionsViolating + "/" + m.decisionsNotViolating + "/" + m.decisionsEscalated));
        return out;
    }

    /** The same from the decisions file and the tasks: the newest decision on each task reason wins. */
    private static Map<String, String> expectedPrecision(List<String> decisionLines, java.util.Collection<ReviewTask> tasks) throws Exception {
        Map<String, ReviewTask> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.taskId, t));
        Map<String, String[]> latest = new HashMap<>();   // task|rule → {decision, time, key}
        for (String line : decisionLines) {
            JsonNode d = JsonOutput.mapper().readTree(line);
            String decision = d.get("decision").asText();
            ReviewTask t = byId.get(d.get("task_id").asText());
            if (t == null || !Set.of("violating", "not_violating", "escalated").contains(decision)) {
                continue;
            }
            Set<String> named = new java.util.HashSet<>();
            if (d.has("reasons")) {
                d.get("reasons").forEach(r -> named.add(r.asText()));
            }
            String time = d.get("time").asText();
            for (var r : t.reasons) {
                if (named.isEmpty() || named.contains(r.ruleId)) {
                    latest.merge(t.taskId + "|" + r.ruleId, new String[] {decision, time, r.ruleId + "@" + t.country + "/enforce"},
                            (a, b) -> b[1].compareTo(a[1]) > 0 ? b : a);
                }
            }
        }
        Map<String, long[]> counts = new TreeMap<>();
        latest.values().forEach(v -> counts.computeIfAbsent(v[2], k -> new long[3])[
                v[0].equals("violating") ? 0 : v[0].equals("not_violating") ? 1 : 2]++);
        Map<String, String> out = new TreeMap<>();
        counts.forEach((k, c) -> out.put(k, c[0] + "/" + c[1] + "/" + c[2]));
        return out;
    }

    @Test
    void aDeliberatelyOverBroadRuleIsSwitchedToShadowByTheShareCriterion(@TempDir Path tmp) throws Exception {
        Path policies = copyOfBundledPolicies(tmp);
        // Flags every Singapore listing: about half of SG's events.
        Files.writeString(policies.resolve("sg.yaml"), Files.readString(policies.resolve("sg.yaml")) + """

                rules:
                  - id: sg-over-broad
                    title: Deliberately over-broad
                    severity: low
                    action: review
                    matchers:
                      - condition: "type == 'listing'"
                """);
        Path out = tmp.resolve("out");
        // A multiplier no flood reaches, so only the share criterion can trip; two-second windows
        // and a tight watermark, so the first counts reach the breaker within seconds.
        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "0", "--generator.rate", "300",
                "--policies", policies.toString(), "--policies-watch", "false", "--out", out.toString(),
                "--breaker.window", "2 s", "--breaker.min-flags", "5", "--breaker.multiplier", "1000",
                "--max-out-of-orderness", "1 s", "--checkpoint-interval", "1 s");
        org.apache.flink.core.execution.JobClient job = startUnbounded(options, "over-broad-rule-test");
        try {
            PolicyStatus trip = awaitLines(out.resolve("policy-status.jsonl"), PolicyStatus.class,
                    s -> s.status.equals("breaker_tripped"));
            assertThat(trip.attempted).isEqualTo("sg-over-broad@SG");
            assertThat(trip.origin).isEqualTo("flood-breaker");
            assertThat(trip.errors).singleElement().asString()
                    .contains("share criterion: more than 20% of the", "events SG had in the window from")
                    .doesNotContain("baseline criterion");
        } finally {
            job.cancel().get();
        }
    }

    private static Path copyOfBundledPolicies(Path tmp) throws Exception {
        Path policies = tmp.resolve("policies");
        Files.createDirectories(policies);
        for (Path p : Files.newDirectoryStream(Path.of("../config/policies"), "*.yaml")) {
            Files.copy(p, policies.resolve(p.getFileName()));
        }
        return policies;
    }

    /** The production wiring with an unbounded generator, started in the background. */
    private static org.apache.flink.core.execution.JobClient startUnbounded(JobOptions options, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(2);
        ShopwatchJob.fromOptions(options).build(env);
        return env.executeAsync(name);
    }

    private static void assertLinesConform(Path file, String schemaName) throws Exception {
        com.networknt.schema.JsonSchema schema = com.shopwatch.output.SchemaConformance.schema(schemaName);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            com.shopwatch.output.SchemaConformance.assertConforms(schema, JsonOutput.mapper().readTree(line));
        }
    }

    private static <T> T awaitLines(Path file, Class<T> type, java.util.function.Predicate<T> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file)) {
                for (T t : read(file, type)) {
                    if (wanted.test(t)) {
                        return t;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching line in " + file);
    }

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && line.endsWith("}")) { // a line still being written is skipped
                out.add(JsonOutput.fromJson(line, type));
            }
        }
        return out;
    }
}
