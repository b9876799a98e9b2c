package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.review.ShadowSampling;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import com.shopwatch.pipeline.testing.TestEvents;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.output.SchemaConformance;
import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.Escalation;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.ReviewTasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What moderators and dashboards get, end to end through Kafka: a stream with known violations
 * (and a known shadow rule) gives exactly the expected tasks, escalations, shadow samples and
 * metrics; a decisions stream on those tasks gives exactly the expected precision and alerts.
 * Bounded read, exactly-once sinks read back with read_committed, RocksDB, parallelism 2.
 */
class ModerationOutputsKafkaTest {
    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    private static final String VAPE = "sg-vape";
    private static final String WEAPONS = "weapons-prohibited";
    private static final String SHADOW_RULE = "sg-cheap-electronics";

    @Test
    void knownViolationsGiveExactTasksEscalationsAndMetricsAndDecisionsGiveThePrecision() throws Exception {
        KAFKA.createTopics(2, "f.listings");
        KAFKA.createTopics(1, "f.review", "f.flags", "f.escalations", "f.shadow-samples", "f.metrics", "f.dlq",
                "f.policies", "f.policy-status", "f.decisions");
        long base = System.currentTimeMillis() - 30 * 60_000;
        List<String> listings = new ArrayList<>();
        Map<String, Set<String>> expectedReasons = new TreeMap<>();   // task id → reasons of its latest revision
        Map<String, Long> accepted = new TreeMap<>();
        long t = base;
        for (int i = 1; i <= 20; i++, t += 1000) {                      // SG vapes: high, one task each
            listings.add(TestEvents.listing("V" + i, "SG", "SGD", t, "vape pod " + i));
            expectedReasons.put(task("V" + i, t), Set.of(VAPE));
        }
        for (int i = 1; i <= 5; i++, t += 1000) {                       // TH pistols: critical, escalated
            listings.add(TestEvents.listing("P" + i, "TH", "THB", t, "pistol " + i));
            expectedReasons.put(task("P" + i, t), Set.of(WEAPONS));
        }
        for (int i = 1; i <= 2; i++, t += 1000) {                       // two reasons at once: one task
            listings.add(TestEvents.listing("B" + i, "SG", "SGD", t, "vape and pistol " + i));
            expectedReasons.put(task("B" + i, t), Set.of(VAPE, WEAPONS));
        }
        // U1: created (vape), updated with the same title 10 s later (a repeat: no new revision),
        // updated 90 s later adding a weapon (beyond the merge window: revision 1, then escalated).
        long u1 = t;
        listings.add(TestEvents.listing("U1", "SG", "SGD", u1, "vape kit"));
        listings.add(updated(TestEvents.listing("U1", "SG", "SGD", u1 + 10_000, "vape kit"), "ev-U1b"));
        listings.add(updated(TestEvents.listing("U1", "SG", "SGD", u1 + 90_000, "vape kit with pistol"), "ev-U1c"));
        expectedReasons.put(task("U1", u1), Set.of(VAPE, WEAPONS));
        t += 1000;
        List<String> shadowEvents = new ArrayList<>();
        for (int i = 1; i <= 10; i++, t += 1000) {                      // shadow rule matches: sampled, not tasks
            listings.add(TestEvents.listing("E" + i, "SG", "SGD", t, "Phone " + i)
                    .replace("\"category\":\"home\"", "\"category\":\"electronics\"").replace("\"amount\":19.9", "\"amount\":1.0"));
            shadowEvents.add("ev-E" + i);
        }
        String[][] clean = {{"SG", "SGD"}, {"TH", "THB"}, {"JP", "JPY"}};
        for (int i = 0; i < 60; i++, t += 1000) {
            listings.add(TestEvents.listing("C" + i, clean[i % 3][0], clean[i % 3][1], t, "Desk lamp " + i));
        }
        accepted.put("SG", 20L + 2 + 3 + 10 + 20);
        accepted.put("TH", 5L + 20);
        accepted.put("JP", 20L);
        KAFKA.produce("f.listings", TestEvents.asBytes(listings));

        // Decisions, produced before the job starts (task ids are deterministic): some arrive
        // before their task is emitted, and wait for it.
        String sgVersion = PolicyLoader.load(TestPolicies.defaults()).policies().forCountry("SG").version();
        long decided = base + 20 * 60_000;
        List<String> decisions = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            decisions.add(decision(task("V" + i, base + (i - 1) * 1000L), i <= 12 ? "violating" : "not_violating", decided + i, null));
        }
        for (int i = 1; i <= 5; i++) {
            decisions.add(decision(task("P" + i, base + (19 + i) * 1000L), "violating", decided + 100 + i, null));
        }
        decisions.add(decision(task("P1", base + 20_000), "not_violating", decided + 60_000, null));   // re-review
        decisions.add(decision(task("P2", base + 21_000), "violating", decided + 101, null));          // redelivered
        for (int i = 1; i <= 2; i++) {
            decisions.add(decision(task("B" + i, base + (24 + i) * 1000L), "violating", decided + 200 + i, null));
        }
        decisions.add(decision(task("U1", u1), "escalated", decided + 300, "[\"" + WEAPONS + "\"]"));
        for (int i = 1; i <= 10; i++) {
            String sample = ShadowSampling.taskId(ReviewFlags.flagId("ev-E" + i, SHADOW_RULE, sgVersion));
            decisions.add(decision(sample, i <= 3 ? "violating" : "not_violating", decided + 400 + i, null));
        }
        decisions.add(decision("no-such-task", "violating", decided + 500, null));
        decisions.add(decision(task("V1", base), "violating", decided + 501, "[\"seller_velocity\"]"));
        decisions.add("{\"task_id\":\"x\",\"decision\":7,\"moderator_id\":\"m\",\"time\":" + decided + "}");
        KAFKA.produce("f.decisions", TestEvents.asBytes(decisions));

        JobOptions options = JobOptions.fromArgs(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--input-topics", "f.listings", "--review-topic", "f.review", "--flags-topic", "f.flags",
                "--escalation-topic", "f.escalations", "--shadow-samples-topic", "f.shadow-samples",
                "--metrics-topic", "f.metrics", "--dlq-topic", "f.dlq", "--policy-topic", "f.policies",
                "--policy-status-topic", "f.policy-status", "--decisions-topic", "f.decisions",
                "--group-id", "outputs-test", "--starting-offsets", "earliest", "--stop-at-latest",
                "--delivery", "exactly-once", "--transaction-timeout", "60 s", "--transactional-id-prefix", "outputs-it",
                "--checkpoint-interval", "1 s", "--state-backend", "rocksdb", "--idleness", "0 s",
                "--feedback.shadow-sample-rate", "1", "--feedback.min-decisions", "10");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(2);
        new ShopwatchJob(options, EventSources.kafka(options, new EventDecoder(options.decoderSettings())), PolicySources.kafka(options),
                DecisionSources.kafka(options), TestPolicies.defaults(), JobSinks.kafka(options)).execute(env);

        // Tasks: exactly one per flagged item, its latest revision holding every reason once.
        List<ReviewTask> tasks = KAFKA.readJson("f.review", ReviewTask.class);
        Map<String, ReviewTask> latest = new TreeMap<>();
        tasks.forEach(x -> latest.merge(x.taskId, x, (a, b) -> a.revision >= b.revision ? a : b));
        Map<String, Set<String>> actualReasons = new TreeMap<>();
        latest.forEach((id, x) -> actualReasons.put(id, Arrays.stream(x.reasons).map(r -> r.ruleId).collect(Collectors.toCollection(TreeSet::new))));
        assertThat(actualReasons).isEqualTo(expectedReasons);
        assertThat(tasks).as("U1: %s; its flags: %s", tasks.stream().filter(x -> x.itemId.equals("U1")).map(x -> x.revision + " " + Arrays.stream(x.reasons).map(r -> r.ruleId + "@" + r.eventTime).toList()).toList(),
                KAFKA.readJson("f.flags", ReviewFlag.class).stream().filter(f -> f.itemId.equals("U1")).map(f -> f.ruleId + "@" + f.eventTime).toList())
                .hasSize(expectedReasons.size() + 1);                          // U1's revision 1
        assertThat(latest.get(task("U1", u1)).revision).isEqualTo(1);
        assertThat(latest.values()).allSatisfy(x -> {
            assertThat(x.severity).isEqualTo(x.reasons.length > 1 || x.itemId.startsWith("P") ? "critical" : "high");
            assertThat(x.queue).isEqualTo(x.country.toLowerCase() + "-" + (x.language == null ? "und" : x.language));
            assertThat(x.summary).startsWith("Listing " + x.itemId + " (" + x.country);
        });

        // Escalations: exactly the critical tasks, once each (U1 when its revision made it critical).
        assertThat(KAFKA.readJson("f.escalations", Escalation.class)).extracting(e -> e.taskId)
                .containsExactlyInAnyOrderElementsOf(latest.values().stream().filter(x -> x.severity.equals("critical")).map(x -> x.taskId).toList())
                .hasSize(8);

        // Shadow samples: every shadow match (rate 1), as one-reason shadow tasks, none in review.
        List<ReviewTask> samples = KAFKA.readJson("f.shadow-samples", ReviewTask.class);
        assertThat(samples).extracting(x -> x.taskId).containsExactlyInAnyOrderElementsOf(shadowEvents.stream()
                .map(e -> ShadowSampling.taskId(ReviewFlags.flagId(e, SHADOW_RULE, sgVersion))).toList());
        assertThat(samples).allSatisfy(x -> {
            assertThat(x.reasons).singleElement().satisfies(r -> assertThat(r.mode).isEqualTo("shadow"));
            assertThat(x.queue).endsWith("-shadow");
            assertThat(x.escalated).isFalse();
        });

        // Metrics: events per country, flags per rule x country x mode and by severity.
        List<MetricsRecord> metrics = KAFKA.readJson("f.metrics", MetricsRecord.class);
        Map<String, Long> events = new TreeMap<>();
        Map<String, Long> flagsBy = new TreeMap<>();
        metrics.stream().filter(m -> m.kind.equals("traffic")).forEach(m -> {
            events.merge(m.country, m.eventsAccepted + m.lateEvents, Long::sum);
            flagsBy.merge("critical@" + m.country, m.flagsCritical, Long::sum);
            flagsBy.merge("high@" + m.country, m.flagsHigh, Long::sum);
        });
        metrics.stream().filter(m -> m.kind.equals("rule")).forEach(m -> {
            flagsBy.merge(m.ruleId + "@" + m.country + "/enforce", m.flagsEnforced, Long::sum);
            flagsBy.merge(m.ruleId + "@" + m.country + "/shadow", m.flagsShadow, Long::sum);
        });
        assertThat(events).isEqualTo(accepted);
        assertThat(flagsBy).containsEntry(VAPE + "@SG/enforce", 20L + 2 + 3).containsEntry(WEAPONS + "@SG/enforce", 3L)
                .containsEntry(WEAPONS + "@TH/enforce", 5L).containsEntry(SHADOW_RULE + "@SG/shadow", 10L)
                .containsEntry(SHADOW_RULE + "@SG/enforce", 0L)
                .containsEntry("critical@SG", 3L).containsEntry("critical@TH", 5L).containsEntry("high@SG", 25L);
        assertThat(KAFKA.readJson("f.flags", ReviewFlag.class)).hasSize(25 + 3 + 5);

        // Precision: the newest record per rule x country x mode, from the decisions above.
        Map<String, MetricsRecord> newest = new TreeMap<>();
        metrics.stream().filter(m -> m.kind.equals("precision")).forEach(m -> newest.merge(m.ruleId + "@" + m.country + "/" + m.mode, m,
                (a, b) -> a.windowEnd.compareTo(b.windowEnd) >= 0 ? a : b));
        Map<String, String> precision = new TreeMap<>();
        newest.forEach((k, m) -> precision.put(k, m.decisionsViolating + "/" + m.decisionsNotViolating + "/" + m.decisionsEscalated
                + " " + (m.precision == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", m.precision))));
        assertThat(precision).isEqualTo(Map.of(
                VAPE + "@SG/enforce", "14/8/0 0.636",
                WEAPONS + "@TH/enforce", "4/1/0 0.800",
                WEAPONS + "@SG/enforce", "2/0/1 1.000",
                SHADOW_RULE + "@SG/shadow", "3/7/0 0.300"));

        // Alerts: the enforced rule and the shadow rule below the floor over >= 10 verdicts, once each.
        List<PolicyStatus> alerts = KAFKA.readJson("f.policy-status", PolicyStatus.class).stream()
                .filter(s -> "precision-monitor".equals(s.origin)).toList();
        assertThat(alerts).extracting(s -> s.status + " " + s.attempted).containsExactlyInAnyOrder(
                "precision_below_floor " + VAPE + "@SG", "precision_below_floor " + SHADOW_RULE + "@SG (shadow)");
        assertThat(alerts).allSatisfy(s -> assertThat(s.activeVersion).isEqualTo(sgVersion));

        // Decisions that cannot count are dead letters with their reason; nothing else is.
        List<DeadLetter> deadLetters = KAFKA.readJson("f.dlq", DeadLetter.class);
        assertThat(deadLetters).extracting(d -> d.reason + ":" + d.field)
                .containsExactlyInAnyOrder("unknown_task:task_id", "unknown_reason:reasons", "wrong_type:decision");
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.eventType).isEqualTo("decision"));

        // Every record on every output topic conforms to its documented schema.
        for (String[] topic : new String[][] {{"f.review", "review-task"}, {"f.shadow-samples", "review-task"},
                {"f.escalations", "escalation"}, {"f.flags", "review-flag"}, {"f.metrics", "metrics"},
                {"f.dlq", "dead-letter"}, {"f.policy-status", "policy-status"}}) {
            var schema = SchemaConformance.schema(topic[1]);
            for (var r : KAFKA.readAll(topic[0], true)) {
                SchemaConformance.assertConforms(schema, JsonOutput.mapper().readTree(r.value()));
            }
        }
        for (String d : decisions.subList(0, decisions.size() - 1)) {
            SchemaConformance.assertConforms(SchemaConformance.schema("decision"), JsonOutput.mapper().readTree(d));
        }
    }

    private static String task(String listingId, long episodeStart) {
        return ReviewTasks.taskId("listing", listingId, episodeStart);
    }

    private static String updated(String listing, String eventId) {
        return listing.replace("\"action\":\"created\"", "\"action\":\"updated\"").replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"" + eventId + "\"");
    }

    private static String decision(String taskId, String decision, long at, String reasonsJson) {
        return "{\"task_id\":\"" + taskId + "\"," + (reasonsJson == null ? "" : "\"reasons\":" + reasonsJson + ",")
                + "\"decision\":\"" + decision + "\",\"moderator_id\":\"m-" + (at % 7) + "\",\"time\":\"" + Instant.ofEpochMilli(at) + "\"}";
    }
}
