package com.shopwatch.pipeline;

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
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> JobOptions.fromArgs("--kafka-bootstrap", "x")).hasMessageContaining("unknown option(s) [--kafka-bootstrap]");
        assertThatThrownBy(() -> JobOptions.fromArgs("--delivery", "twice")).hasMessageContaining("--delivery 'twice' must be one of");
        assertThatThrownBy(() -> JobOptions.fromArgs("--metrics.window", "soon")).hasMessageContaining("--metrics.window 'soon' is not a duration");
        assertThatThrownBy(() -> JobOptions.fromArgs("--generator.malformed-fraction", "2")).hasMessageContaining("within 0..1");
    }

    @Test
    void theReadmeDocumentsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String option : JobOptions.OPTIONS.keySet()) {
            assertThat(readme).as("README documents --%s", option).contains("`--" + option + "`");
        }
    }
}
