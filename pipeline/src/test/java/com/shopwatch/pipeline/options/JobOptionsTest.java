package com.shopwatch.pipeline.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
    @Test
    void defaultsAndParsing() {
        JobOptions o = JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--kafka.security.protocol", "SASL_SSL",
                "--input-topics", "mixed", "--delivery", "exactly-once", "--max-out-of-orderness", "2 s", "--stop-at-latest");
        assertThat(o.usesKafka()).isTrue();
        assertThat(o.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "b:9092");
        assertThat(o.inputTopics()).containsExactly("mixed");
        assertThat(o.delivery()).isEqualTo(JobOptions.Delivery.EXACTLY_ONCE);
        assertThat(o.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.stopAtLatest()).isTrue();
        JobOptions d = JobOptions.defaults();
        assertThat(d.usesKafka()).isFalse();
        assertThat(d.inputTopics()).containsExactly("listings", "videos");
        assertThat(d.metricsWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.reviewTopic()).isEqualTo("moderation.review");
        assertThat(d.dlqTopic()).isEqualTo("moderation.dlq");
        assertThat(d.breakerMaxShare()).isEqualTo(0.2);
        assertThat(JobOptions.fromArgs("--breaker.max-share", "off").breakerMaxShare()).isZero();
        assertThat(JobOptions.fromArgs("--breaker.max-share", "0").breakerMaxShare()).isZero();
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> JobOptions.fromArgs("--kafka-bootstrap", "x")).hasMessageContaining("unknown option(s) [--kafka-bootstrap]");
        assertThatThrownBy(() -> JobOptions.fromArgs("--delivery", "twice")).hasMessageContaining("--delivery 'twice' must be one of");
        assertThatThrownBy(() -> JobOptions.fromArgs("--metrics.window", "soon")).hasMessageContaining("--metrics.window 'soon' is not a duration");
        assertThatThrownBy(() -> JobOptions.fromArgs("--generator.malformed-fraction", "2")).hasMessageContaining("within 0..1");
        assertThatThrownBy(() -> JobOptions.fromArgs("--tasks.severity-weights", "low=1,high=2"))
                .hasMessage("--tasks.*: severity weights must give all of low, medium, high, critical; missing medium");
        assertThatThrownBy(() -> JobOptions.fromArgs("--tasks.queues", "SG"))
                .hasMessage("--tasks.*: queue mapping 'SG' is not COUNTRY[:language]=queue");
        assertThatThrownBy(() -> JobOptions.fromArgs("--tasks.episode-ttl", "10 s")).hasMessage("--tasks.episode-ttl must be longer than --tasks.merge-window");
        assertThatThrownBy(() -> JobOptions.fromArgs("--detectors.state-ttl", "10 min")).hasMessageContaining("--detectors.state-ttl must be at least 1 h");
        assertThatThrownBy(() -> JobOptions.fromArgs("--detectors.hot-keys", "-1")).hasMessage("--detectors.hot-keys must be >= 0, got -1");
        assertThatThrownBy(() -> JobOptions.fromArgs("--detectors.hot-keys", "many")).hasMessageContaining("--detectors.hot-keys 'many' is not an integer");
        assertThat(JobOptions.defaults().detectorsHotKeys()).isZero();                       // real time
        assertThat(JobOptions.fromArgs("--events", "e.jsonl").detectorsHotKeys()).isEqualTo(JobOptions.REPLAY_HOT_KEYS);
        assertThat(JobOptions.fromArgs("--events", "e.jsonl", "--detectors.hot-keys", "0").detectorsHotKeys()).isZero();
        assertThat(JobOptions.fromArgs("--detectors.hot-keys", "5000").detectorsHotKeys()).isEqualTo(5000);
        assertThatThrownBy(() -> JobOptions.fromArgs("--breaker.max-share", "20%"))
                .hasMessage("--breaker.max-share '20%' is not a fraction (e.g. 0.2) or off");
        assertThatThrownBy(() -> JobOptions.fromArgs("--breaker.max-share", "1.5"))
                .hasMessage("--breaker.max-share must be within 0..1 (0 or off disables it), got 1.5");
        assertThatThrownBy(() -> JobOptions.fromArgs("--generator.abuse-rate", "50")).hasMessageContaining("--generator.abuse-rate must be between 0 and 10");
        assertThatThrownBy(() -> JobOptions.fromArgs("--feedback.precision-floor", "1.5")).hasMessageContaining("--feedback.precision-floor must be within 0..1");
        assertThatThrownBy(() -> JobOptions.fromArgs("--feedback.window", "10 min")).hasMessageContaining("--feedback.window must be at least 24 min");
        assertThatThrownBy(() -> JobOptions.fromArgs("--feedback.min-decisions", "0")).hasMessageContaining("--feedback.min-decisions must be >= 1");
        assertThatThrownBy(() -> JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--decisions", "d.jsonl"))
                .hasMessageContaining("--decisions reads a file; with Kafka, decisions come from --decisions-topic");
    }

    @Test
    void flinkConfigurationSetsOptionsAndArgumentsWin() {
        Configuration flinkConfig = new Configuration();
        flinkConfig.setString("shopwatch.metrics.window", "2 min");
        flinkConfig.setString("shopwatch.delivery", "exactly-once");
        flinkConfig.setString("shopwatch.group-id", "from-config");
        flinkConfig.setString("shopwatch.kafka.bootstrap.servers", "config:9092");
        flinkConfig.setString("shopwatch.kafka.security.protocol", "SSL");
        flinkConfig.setString("parallelism.default", "3"); // Flink's own keys are not ours to check
        JobOptions o = JobOptions.fromConfiguration(flinkConfig, "--group-id", "from-args", "--kafka.security.protocol", "SASL_SSL");
        assertThat(o.metricsWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.delivery()).isEqualTo(JobOptions.Delivery.EXACTLY_ONCE);
        assertThat(o.groupId()).isEqualTo("from-args");
        assertThat(o.kafkaBootstrapServers()).isEqualTo("config:9092");
        assertThat(o.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("bootstrap.servers");
        assertThat(o.idleness()).as("the default where neither sets it").isEqualTo(Duration.ofSeconds(30));
        assertThat(o.with("metrics.window", "5 min").groupId()).as("with() keeps the configuration's values").isEqualTo("from-args");

        Configuration bad = new Configuration();
        bad.setString("shopwatch.metrics.window", "soon");
        assertThatThrownBy(() -> JobOptions.fromConfiguration(bad))
                .hasMessageContaining("--metrics.window 'soon' is not a duration (e.g. 30 s, 5 min)");
    }

    @Test
    void anUnknownShopwatchKeyInFlinkConfigurationIsAnError() {
        Configuration flinkConfig = new Configuration();
        flinkConfig.setString("shopwatch.metrics.windw", "2 min");
        assertThatThrownBy(() -> JobOptions.fromConfiguration(flinkConfig))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key(s) [shopwatch.metrics.windw] in Flink's configuration");
    }

    @Test
    void typedValuesKeepTheirSpellingsAndMessages() {
        assertThat(JobOptions.fromArgs("--delivery", "EXACTLY_ONCE").delivery()).isEqualTo(JobOptions.Delivery.EXACTLY_ONCE);
        assertThat(JobOptions.fromArgs("--starting-offsets", "latest").startingOffsets()).isEqualTo(JobOptions.StartingOffsets.LATEST);
        assertThat(JobOptions.fromArgs("--generator.count", " 7 ").generatorCount()).isEqualTo(7);
        assertThat(JobOptions.fromArgs("--policies-watch", "true").policiesWatch()).isTrue();
        assertThat(JobOptions.defaults().policiesWatch()).isNull();
        assertThat(JobOptions.defaults().parallelism()).isNull();
        assertThat(JobOptions.defaults().feedbackWindow()).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> JobOptions.fromArgs("--generator.count", "many")).hasMessage("--generator.count 'many' is not an integer");
        assertThatThrownBy(() -> JobOptions.fromArgs("--parallelism", "0")).hasMessage("--parallelism must be >= 1, got 0");
        assertThatThrownBy(() -> JobOptions.fromArgs("--breaker.multiplier", "x")).hasMessage("--breaker.multiplier 'x' is not a number");
        assertThatThrownBy(() -> JobOptions.fromArgs("--starting-offsets", "now"))
                .hasMessage("--starting-offsets 'now' must be one of [committed, earliest, latest]");
        assertThat(JobOptions.usage()).contains("\n  --metrics.window (default 1 min): metrics window size (event time)")
                .contains("\n  --delivery (default at-least-once): ");
    }

    @Test
    void theEventInputIsNamedOrImpliedButNeverSynthetic() {
        assertThat(JobOptions.defaults().eventInput()).isNull();
        assertThat(JobOptions.fromArgs("--events", "e.jsonl").eventInput()).isEqualTo(JobOptions.EventInput.FILES);
        assertThat(JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092").eventInput()).isEqualTo(JobOptions.EventInput.KAFKA);
        // a file backfilled into Kafka outputs reads the file
        assertThat(JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--events", "e.jsonl").eventInput())
                .isEqualTo(JobOptions.EventInput.FILES);
        JobOptions generated = JobOptions.fromArgs("--source", "generator", "--generator.count", "0");
        assertThat(generated.eventInput()).isEqualTo(JobOptions.EventInput.GENERATOR);
        assertThat(generated.eventInputUnbounded()).isTrue();
        assertThat(JobOptions.fromArgs("--source", "generator", "--kafka.bootstrap.servers", "b:9092").eventInput())
                .isEqualTo(JobOptions.EventInput.GENERATOR);
        assertThatThrownBy(() -> JobOptions.fromArgs("--source", "kafka")).hasMessage("--source kafka needs --kafka.bootstrap.servers");
        assertThatThrownBy(() -> JobOptions.fromArgs("--source", "files")).hasMessage("--source files needs --events FILE_OR_DIR");
        assertThatThrownBy(() -> JobOptions.fromArgs("--source", "generator", "--events", "e.jsonl"))
                .hasMessage("--events reads files, but --source names generator");
        assertThatThrownBy(() -> JobOptions.fromArgs("--source", "random")).hasMessageContaining("--source 'random' must be one of [kafka, files, generator]");
    }

    /** A replay wants throughput: its flag and detector paths flush at Flink's default unless told otherwise. */
    @Test
    void aBoundedInputFlushesFlagsAtFlinksDefaultUnlessGiven() {
        for (String[] realTime : List.of(new String[] {"--kafka.bootstrap.servers", "k:9092"},
                new String[] {"--source", "generator", "--generator.count", "0"})) {
            JobOptions o = JobOptions.fromArgs(realTime);
            assertThat(o.eventInputUnbounded()).isTrue();
            assertThat(o.flagBufferTimeout()).as(String.join(" ", realTime)).isEqualTo(Duration.ofMillis(5));
            assertThat(o.detectorBufferTimeout()).as(String.join(" ", realTime)).isEqualTo(Duration.ofMillis(10));
            assertThat(o.watermarkInterval()).as(String.join(" ", realTime)).isEqualTo(Duration.ofMillis(25));
        }
        for (String[] replay : List.of(new String[] {"--events", "e.jsonl"},
                new String[] {"--kafka.bootstrap.servers", "k:9092", "--stop-at-latest"},
                new String[] {"--source", "generator", "--generator.count", "1000"})) {
            JobOptions o = JobOptions.fromArgs(replay);
            assertThat(o.flagBufferTimeout()).as(String.join(" ", replay)).isEqualTo(Duration.ofMillis(100));
            assertThat(o.detectorBufferTimeout()).as(String.join(" ", replay)).isEqualTo(Duration.ofMillis(100));
            assertThat(o.watermarkInterval()).as(String.join(" ", replay)).isEqualTo(Duration.ofMillis(200));
        }
        JobOptions given = JobOptions.fromArgs("--events", "e.jsonl", "--flag-buffer-timeout", "5 ms", "--detector-buffer-timeout", "0 s");
        assertThat(given.flagBufferTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(given.detectorBufferTimeout()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> JobOptions.fromArgs("--events", "e.jsonl", "--detector-buffer-timeout", "2 min"))
                .hasMessage("--detector-buffer-timeout must be at most 1 min, got 2 min");
    }

    /**
     * The watermark interval: 25 ms in real time, Flink's 200 ms for a replay, what is given
     * otherwise; in the Flink configuration it gives way to the cluster's own setting unless given.
     */
    @Test
    void theWatermarkIntervalFollowsTheInputAndTheCluster() {
        JobOptions realTime = JobOptions.fromArgs("--kafka.bootstrap.servers", "k:9092");
        JobOptions replay = JobOptions.fromArgs("--events", "e.jsonl");
        JobOptions given = JobOptions.fromArgs("--events", "e.jsonl", "--watermark-interval", "75 ms");
        assertThat(realTime.watermarkInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(replay.watermarkInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(given.watermarkInterval()).isEqualTo(Duration.ofMillis(75));
        var interval = org.apache.flink.configuration.PipelineOptions.AUTO_WATERMARK_INTERVAL;
        assertThat(com.shopwatch.pipeline.ShopwatchJob.flinkConfiguration(realTime).get(interval)).isEqualTo(Duration.ofMillis(25));
        assertThat(com.shopwatch.pipeline.ShopwatchJob.flinkConfiguration(replay).get(interval)).isEqualTo(Duration.ofMillis(200));
        org.apache.flink.configuration.Configuration cluster = new org.apache.flink.configuration.Configuration();
        cluster.set(interval, Duration.ofMillis(500));
        assertThat(com.shopwatch.pipeline.ShopwatchJob.flinkConfiguration(realTime, cluster).get(interval))
                .as("the cluster's setting wins over the job's default").isEqualTo(Duration.ofMillis(500));
        assertThat(com.shopwatch.pipeline.ShopwatchJob.flinkConfiguration(given, cluster).get(interval))
                .as("an explicit option wins over the cluster's setting").isEqualTo(Duration.ofMillis(75));
        assertThatThrownBy(() -> JobOptions.fromArgs("--watermark-interval", "0 ms"))
                .hasMessage("--watermark-interval must be between 1 ms and 1 min, got 0 ms");
        assertThatThrownBy(() -> JobOptions.fromArgs("--watermark-interval", "2 min"))
                .hasMessage("--watermark-interval must be between 1 ms and 1 min, got 2 min");
    }

    @Test
    void theFlagPathBufferTimeoutIsBounded() {
        assertThat(JobOptions.defaults().flagBufferTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(JobOptions.fromArgs("--flag-buffer-timeout", "100 ms").flagBufferTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> JobOptions.fromArgs("--flag-buffer-timeout", "2 min"))
                .hasMessage("--flag-buffer-timeout must be at most 1 min, got 2 min");
        assertThatThrownBy(() -> JobOptions.fromArgs("--flag-buffer-timeout", "soon")).hasMessageContaining("is not a duration");
        assertThat(JobOptions.defaults().detectorBufferTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> JobOptions.fromArgs("--detector-buffer-timeout", "2 min"))
                .hasMessage("--detector-buffer-timeout must be at most 1 min, got 2 min");
    }

    @Test
    void policySignaturesAreRequiredWithKafkaAndTheKeyFileIsMasked() {
        assertThat(JobOptions.fromArgs().policiesAllowUnsigned()).as("the local directory is the operator's own").isTrue();
        JobOptions kafka = JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092");
        assertThat(kafka.policiesAllowUnsigned()).isFalse();
        assertThat(kafka.policiesAllowedKeyIds()).isNull();
        assertThat(kafka.policiesSigningKeys()).isNull();
        JobOptions signed = JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--policies.signing-keys", "/etc/shopwatch/keys",
                "--policies.allowed-key-ids", "team-sg, team-th");
        assertThat(signed.policiesAllowedKeyIds()).containsExactly("team-sg", "team-th");
        assertThat(signed.policiesSigningKeys()).isEqualTo("/etc/shopwatch/keys");
        assertThat(signed.toString()).contains("policies.signing-keys=****").doesNotContain("/etc/shopwatch/keys")
                .contains("policies.allowed-key-ids=team-sg, team-th");
        assertThat(JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--policies.allow-unsigned", "true")
                .policiesAllowUnsigned()).isTrue();
        assertThatThrownBy(() -> JobOptions.fromArgs("--policies.allow-unsigned", "false"))
                .hasMessageContaining("needs the policy topic");
        assertThatThrownBy(() -> JobOptions.fromArgs("--policies.allowed-key-ids", "team sg"))
                .hasMessageStartingWith("--policies.allowed-key-ids");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        // Flink functions capture JobOptions; its parsed values must serialize.
        JobOptions o = JobOptions.fromArgs("--kafka.bootstrap.servers", "b:9092", "--kafka.acks", "all", "--parallelism", "2");
        JobOptions copy = InstantiationUtil.clone(o);
        assertThat(copy.kafkaProperties()).isEqualTo(o.kafkaProperties());
        assertThat(copy.parallelism()).isEqualTo(2);
        assertThat(copy.taskEpisodeTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(copy.with("parallelism", "4").kafkaBootstrapServers()).isEqualTo("b:9092");
    }

    @Test
    void theReadmeTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String begin = "<!-- options-table:begin (generated from ShopwatchOptions: bin/shopwatch options) -->\n";
        String end = "<!-- options-table:end -->";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end);
        assertThat(from).as("README.md has the line %s", begin.trim()).isNotNegative();
        assertThat(to).as("README.md has the line %s after the begin marker", end).isGreaterThan(from);
        assertThat(readme.substring(from + begin.length(), to))
                .as("README.md's options table differs from the declarations in ShopwatchOptions: "
                        + "run `bin/shopwatch options` and paste its output between the options-table markers")
                .isEqualTo(OptionsTable.markdown());
    }
}
