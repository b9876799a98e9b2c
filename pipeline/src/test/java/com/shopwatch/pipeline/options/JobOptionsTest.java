package com.shopwatch.pipeline.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void theReadmeDocumentsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String option : JobOptions.OPTIONS.keySet()) {
            assertThat(readme).as("README documents --%s", option).contains("`--" + option + "`");
        }
    }
}
