package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import com.shopwatch.pipeline.testing.TestEvents;
import com.shopwatch.pipeline.testing.TestSigning;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job against a real Kafka broker (in-process KRaft) on a Flink MiniCluster with
 * RocksDB and checkpointing, exactly-once sinks read back with read_committed.
 */
class KafkaPipelineTest {
    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    @Test
    void everyValidEventIsCountedAndEveryMalformedOneDeadLetteredWithItsReason() throws Exception {
        KAFKA.createTopics(2, "listings", "videos");
        KAFKA.createTopics(1, "moderation.review", "moderation.flags", "moderation.escalations", "moderation.metrics", "moderation.dlq", "moderation.policies", "moderation.policy-status",
                "moderation.decisions", "moderation.shadow-samples");

        long base = System.currentTimeMillis() - 30 * 60_000;
        List<String> listings = new ArrayList<>();
        List<String> videos = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        String[][] markets = {{"SG", "SGD"}, {"TH", "THB"}, {"JP", "JPY"}, {"VN", "VND"}};
        for (int i = 0; i < 400; i++) {
            String[] m = markets[i % markets.length];
            long t = base + i * 1_000L; // spans several one-minute windows
            if (i % 3 == 0) {
                videos.add(TestEvents.video("V" + i, m[0], t, "Unboxing " + i));
                expected.merge(m[0] + "|video", 1L, Long::sum);
            } else {
                listings.add(TestEvents.listing("L" + i, m[0], m[1], t, "Desk lamp " + i));
                expected.merge(m[0] + "|listing", 1L, Long::sum);
            }
        }
        Map<String, byte[]> malformed = TestEvents.malformed(base + 200_000);
        KAFKA.produce("listings", TestEvents.asBytes(listings));
        KAFKA.produce("videos", TestEvents.asBytes(videos));
        KAFKA.produce("listings", new ArrayList<>(malformed.values()));

        JobOptions options = JobOptions.fromArgs(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--starting-offsets", "earliest",
                "--stop-at-latest",
                "--delivery", "exactly-once",
                "--transaction-timeout", "60 s",
                "--transactional-id-prefix", "shopwatch-it",
                "--checkpoint-interval", "1 s",
                "--state-backend", "rocksdb",
                // No idleness: in a bounded read, a split that idles while the other has finished
                // (watermark MAX) would let event time jump to the end and count its events late.
                "--idleness", "0 s");
        Configuration conf = ShopwatchJob.flinkConfiguration(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        new ShopwatchJob(options, EventSources.kafka(options, decoder), PolicySources.kafka(options),
                DecisionSources.kafka(options), TestPolicies.defaults(), JobSinks.kafka(options)).execute(env);

        List<DeadLetter> deadLetters = read("moderation.dlq", DeadLetter.class);
        assertThat(deadLetters).extracting(d -> d.reason)
                .containsExactlyInAnyOrderElementsOf(malformed.keySet());
        for (DeadLetter d : deadLetters) {
            assertThat(d.source.topic).isEqualTo("listings");
            assertThat(d.source.offset).isNotNull();
            assertThat(d.error).isNotBlank();
        }
        DeadLetter big = deadLetters.stream().filter(d -> d.reason.equals("payload_too_large")).findFirst().orElseThrow();
        assertThat(big.payloadTruncated).isTrue();
        assertThat(big.payloadBytes).isEqualTo(malformed.get("payload_too_large").length);

        List<MetricsRecord> metrics = read("moderation.metrics", MetricsRecord.class);
        Map<String, Long> accepted = new HashMap<>();
        long deadLetterCount = 0;
        for (MetricsRecord m : metrics) {
            assertThat(m.revision).isZero();
            if ("traffic".equals(m.kind) && m.eventsAccepted + m.lateEvents > 0) {
                accepted.merge(m.country + "|" + m.eventType, m.eventsAccepted + m.lateEvents, Long::sum);
            }
            deadLetterCount += m.deadLetters;
        }
        assertThat(new TreeMap<>(accepted)).isEqualTo(expected);
        assertThat(deadLetterCount).isEqualTo(malformed.size());
        // one record per window × country × type: no duplicates from exactly-once replays
        assertThat(metrics.stream().map(m -> m.kind + m.windowStart + m.country + m.eventType + m.ruleId + m.detector)
                        .collect(Collectors.toSet()))
                .hasSize(metrics.size());

        assertThat(KAFKA.readAll("moderation.flags", true)).isEmpty();
        assertThat(KAFKA.readAll("moderation.review", true)).isEmpty();
    }

    @Test
    void aPolicyPushedMidStreamIsEnforcedWithoutRestartAndAnInvalidOneIsRejected(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(1, "p.listings", "p.review", "p.flags", "p.escalations", "p.metrics", "p.dlq", "p.policies", "p.policy-status", "p.decisions", "p.shadow-samples");
        JobOptions options = JobOptions.fromArgs(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--input-topics", "p.listings",
                "--review-topic", "p.review", "--flags-topic", "p.flags", "--escalation-topic", "p.escalations", "--metrics-topic", "p.metrics", "--dlq-topic", "p.dlq",
                "--policy-topic", "p.policies", "--policy-status-topic", "p.policy-status",
                "--decisions-topic", "p.decisions", "--shadow-samples-topic", "p.shadow-samples",
                "--group-id", "policy-test",
                "--policies.signing-keys", TestSigning.keyFile(dir).toString(),
                "--starting-offsets", "earliest",
                "--checkpoint-interval", "500 ms",
                "--state-backend", "rocksdb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(2);
        new ShopwatchJob(options, EventSources.kafka(options, new EventDecoder(options.decoderSettings())),
                PolicySources.kafka(options), DecisionSources.kafka(options), TestPolicies.defaults(), JobSinks.kafka(options)).build(env);
        JobClient job = env.executeAsync("policy-update-test");
        try {
            long t = System.currentTimeMillis() - 60_000;
            // 1. before any push: the bundled default (SG@1, severity high)
            KAFKA.produce("p.listings", List.of(TestEvents.bytes(TestEvents.listing("A1", "SG", "SGD", t, "vape pod"))));
            awaitFlags("p.flags", f -> f.itemId.equals("A1") && f.policyVersion.equals("global@1+SG@1")
                    && f.severity.equals("high"));

            // 2. push SG@2 (severity critical, and a velocity limit of 2 listings): accepted, and
            // enforced for later events by the rules and the detectors alike
            KAFKA.produceSignedPack("p.policies", "sg.yaml", TestPolicies.sgWithVelocityLimit("2", "critical", 2));
            PolicyStatus acceptedSg2 = awaitStatus(s -> s.status.equals("accepted") && s.attempted.equals("SG@2"));
            KAFKA.produce("p.listings", List.of(TestEvents.bytes(TestEvents.listing("A2", "SG", "SGD", t + 1000, "vape pod"))));
            awaitFlags("p.flags", f -> f.itemId.equals("A2") && f.policyVersion.equals("global@1+SG@2")
                    && f.severity.equals("critical"));
            // Three listings of one seller: far within the bundled limit (30 per 10 min), over the pushed one.
            for (int i = 1; i <= 3; i++) {
                KAFKA.produce("p.listings", List.of(TestEvents.bytes(
                        TestEvents.listingBy("S-after", "C" + i, "SG", "SGD", t + 1000 + i * 100, "Desk lamp"))));
            }
            awaitFlags("p.flags", f -> f.ruleId.equals("seller_velocity") && f.accountId.equals("S-after")
                    && f.policyVersion.equals("global@1+SG@2") && f.evidence[0].threshold == 2.0);

            // 3. push an invalid SG@3: rejected with the error, SG@2 keeps enforcing
            KAFKA.produceSignedPack("p.policies", "sg.yaml", TestPolicies.sgBrokenCondition("3"));
            PolicyStatus rejected = awaitStatus(s -> s.status.equals("rejected") && s.attempted.equals("SG@3"));
            assertThat(rejected.attempted).isEqualTo("SG@3");
            assertThat(rejected.errors).anySatisfy(e -> assertThat(e).contains("sg.yaml").contains("sg-vape")
                    .contains("does not compile"));
            KAFKA.produce("p.listings", List.of(TestEvents.bytes(TestEvents.listing("A3", "SG", "SGD", t + 2000, "vape pod"))));
            awaitFlags("p.flags", f -> f.itemId.equals("A3") && f.policyVersion.equals("global@1+SG@2"));

            // 4. a valid SG@4 published without a signature, and one with a forged signature:
            // both rejected (anyone with write access to the topic must not change enforcement)
            String sg4 = TestPolicies.sg("4", "low");
            KAFKA.produceKeyed("p.policies", "sg.yaml", sg4);
            PolicyStatus unsigned = awaitStatus(s -> s.status.equals("rejected") && s.errors[0].contains("unsigned update for sg.yaml"));
            assertThat(unsigned.attempted).isEqualTo("sg.yaml");
            assertThat(unsigned.activeVersion).isEqualTo(acceptedSg2.activeVersion);
            KAFKA.produceKeyed("p.policies", "sg.yaml", sg4,
                    TestSigning.headers(TestSigning.KEY_ID, "a-guessed-secret", "sg.yaml", sg4));
            awaitStatus(s -> s.status.equals("rejected") && s.errors[0].contains("bad signature (key id 'team-test') for sg.yaml"));
            KAFKA.produce("p.listings", List.of(TestEvents.bytes(TestEvents.listing("A4", "SG", "SGD", t + 3000, "vape pod"))));
            awaitFlags("p.flags", f -> f.itemId.equals("A4") && f.policyVersion.equals("global@1+SG@2")
                    && f.severity.equals("critical"));
            assertThat(read("p.policy-status", PolicyStatus.class)).noneMatch(s -> String.join(" ", s.errors).contains(TestSigning.SECRET));
        } finally {
            job.cancel().get();
        }
    }

    private static void awaitFlags(String topic, Predicate<ReviewFlag> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(60).toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (read(topic, ReviewFlag.class).stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no matching flag on " + topic + "; got " + read(topic, ReviewFlag.class));
    }

    private static PolicyStatus awaitStatus(Predicate<PolicyStatus> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(60).toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (PolicyStatus s : read("p.policy-status", PolicyStatus.class)) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no matching policy status; got " + read("p.policy-status", PolicyStatus.class));
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        return KAFKA.readJson(topic, type);
    }
}
