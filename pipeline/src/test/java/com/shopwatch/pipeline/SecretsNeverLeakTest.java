package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.testing.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Kafka password given to the job never shows up in what it logs (every logger at INFO,
 * Kafka's included), in its outputs or in the messages of its errors. The capture is shown to
 * see a logged secret before it is trusted to see none.
 */
class SecretsNeverLeakTest {
    private static final String PASSWORD = "S3cr3t-XYZ-123";
    private static final String TRUSTSTORE_PASSWORD = "Tru5t-QWE-789";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username='u' password='"
            + PASSWORD + "';";

    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    private static final Capture CAPTURE = new Capture();
    private static final Map<String, Level> LEVELS = Map.of("", Level.INFO, "org.apache.kafka", Level.INFO, "kafka", Level.WARN);

    @BeforeAll
    static void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        CAPTURE.start();
        context.getConfiguration().addAppender(CAPTURE);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        for (String name : List.copyOf(root.getAppenders().keySet())) {
            root.removeAppender(name); // the console: this class's failing clients would flood it
        }
        for (Map.Entry<String, Level> logger : LEVELS.entrySet()) {
            LoggerConfig config = context.getConfiguration().getLoggerConfig(logger.getKey());
            config.addAppender(CAPTURE, Level.ALL, null);
            config.setLevel(logger.getValue());
        }
        context.updateLoggers();
    }

    @AfterAll
    static void restoreLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.reconfigure(); // back to log4j2-test.properties
        CAPTURE.stop();
    }

    @BeforeEach
    void clear() {
        CAPTURE.clear();
    }

    @Test
    void theCaptureSeesASecretWhenOneIsLogged() {
        // The deliberate check: a secret logged by a Flink-side logger, or carried by a logged
        // exception's cause, is in the capture; so the tests below would see a real leak.
        LoggerFactory.getLogger("org.apache.flink.runtime.SomeComponent").info("config: {}", JAAS);
        assertThat(CAPTURE.text()).contains(PASSWORD);
        CAPTURE.clear();
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").info("failed",
                new RuntimeException("outer", new IllegalStateException("inner " + JAAS)));
        assertThat(CAPTURE.text()).contains(PASSWORD);
    }

    @Test
    void optionErrorsAndTheOptionsTextMaskSecrets() {
        // A JAAS line not quoted on the command line splits into words: the parse error names
        // the place, not the arguments.
        assertThatThrownBy(() -> JobOptions.fromArgs("--kafka.security.protocol", "SASL_SSL", "--kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule", "required", "username='u'", "password='" + PASSWORD + "';"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka.sasl.jaas.config")
                .hasMessageNotContaining(PASSWORD);
        // --name=value would make the value part of a Kafka property's name (which Kafka logs as unused).
        assertThatThrownBy(() -> JobOptions.fromArgs("--kafka.sasl.jaas.config=" + JAAS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka.sasl.jaas.config value")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> JobOptions.fromArgs("--delivery", "twice", "--kafka.sasl.jaas.config", JAAS))
                .hasMessageNotContaining(PASSWORD);
        // Given in Flink's configuration with an unknown key beside it.
        assertThatThrownBy(() -> JobOptions.fromConfiguration(Configuration.fromMap(Map.of(
                        "shopwatch.kafka.sasl.jaas.config", JAAS, "shopwatch.no-such-option", "x"))))
                .hasMessageContaining("shopwatch.no-such-option").hasMessageNotContaining(PASSWORD);
        JobOptions options = JobOptions.fromArgs(secretOptions("--out", "out"));
        assertThat(options.toString()).contains("sasl.jaas.config=****", "ssl.truststore.password=****", "security.protocol=SASL_PLAINTEXT")
                .doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
        assertThat(options.kafkaClientProperties()).containsEntry("sasl.jaas.config", JAAS); // the clients still get it
        assertThat(CAPTURE.text()).doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
    }

    @Test
    void policySigningKeysAreInNoLogNoStatusAndNoOptionsText(@TempDir Path dir) throws Exception {
        Path keys = com.shopwatch.pipeline.testing.TestSigning.keyFile(dir);
        JobOptions options = JobOptions.fromArgs("--kafka.bootstrap.servers", "localhost:1", "--policies.signing-keys", keys.toString());
        assertThat(options.toString()).contains("policies.signing-keys=****");
        var deserializer = org.apache.flink.util.InstantiationUtil.clone(com.shopwatch.pipeline.sources.PolicySources.deserializer(options));
        assertThat(new String(org.apache.flink.util.InstantiationUtil.serializeObject(deserializer), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the job graph carries where the keys are, not the keys").doesNotContain(com.shopwatch.pipeline.testing.TestSigning.SECRET);
        String pack = com.shopwatch.pipeline.testing.TestPolicies.sg("2", "high");
        List<com.shopwatch.policy.PolicyUpdate> updates = new ArrayList<>();
        for (Map<String, String> headers : List.of(com.shopwatch.pipeline.testing.TestSigning.headers("sg.yaml", pack),
                com.shopwatch.pipeline.testing.TestSigning.headers("team-test", "wrong", "sg.yaml", pack), Map.<String, String>of())) {
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("moderation.policies", 0, updates.size(),
                    "sg.yaml".getBytes(java.nio.charset.StandardCharsets.UTF_8), pack.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            deserializer.deserialize(record, new org.apache.flink.api.common.functions.util.ListCollector<>(updates));
        }
        assertThat(updates).extracting(u -> u.error == null).containsExactly(true, false, false);
        assertThat(updates).extracting(u -> String.valueOf(u.error)).noneMatch(e -> e.contains(com.shopwatch.pipeline.testing.TestSigning.SECRET));
        assertThat(CAPTURE.text()).contains("Loaded policy signing keys: PolicySignatures{keyIds=[team-test]")
                .doesNotContain(com.shopwatch.pipeline.testing.TestSigning.SECRET);
    }

    @Test
    void aFileRunWithKafkaSecretsWritesAndLogsNone(@TempDir Path out) throws Exception {
        JobOptions options = JobOptions.fromArgs(secretOptions("--events", "../config/samples/events.jsonl",
                "--decisions", "../config/samples/decisions.jsonl", "--out", out.toString(), "--policies", "../config/policies",
                "--state-backend", "hashmap"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(1);
        ShopwatchJob.fromOptions(options).execute(env);

        List<Path> outputs;
        try (Stream<Path> files = Files.list(out)) {
            outputs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(outputs).extracting(p -> p.getFileName().toString()).contains("flags.jsonl", "dlq.jsonl", "policy-status.jsonl");
        assertThat(Files.size(out.resolve("flags.jsonl"))).isPositive();
        for (Path file : outputs) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
        }
        assertThat(CAPTURE.text()).contains("shopwatch").doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
    }

    @Test
    void aKafkaRunThatCannotAuthenticateLogsAndReportsNoSecret() throws Exception {
        KAFKA.createTopics(1, "listings", "videos", "moderation.review", "moderation.flags", "moderation.escalations",
                "moderation.metrics", "moderation.dlq", "moderation.policies", "moderation.policy-status", "moderation.decisions",
                "moderation.shadow-samples");
        // The test broker speaks PLAINTEXT only: every client's SASL handshake fails, and it logs why.
        JobOptions options = JobOptions.fromArgs(secretOptions("--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--starting-offsets", "earliest", "--state-backend", "hashmap", "--checkpoint-interval", "1 s",
                "--kafka.request.timeout.ms", "2000", "--kafka.default.api.timeout.ms", "4000", "--kafka.reconnect.backoff.ms", "200"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(1);
        ShopwatchJob.fromOptions(options).build(env);
        JobClient job = env.executeAsync("shopwatch-secrets");
        String failure = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        // Until a client failed to authenticate and the job reported the failure (a failover), or the job ended.
        while (System.nanoTime() < deadline && !job.getJobStatus().get().isGloballyTerminalState()
                && !(CAPTURE.text().contains("failed authentication") && CAPTURE.text().contains("Triggering job failover"))) {
            Thread.sleep(250);
        }
        if (job.getJobStatus().get() == JobStatus.FAILED) {
            try {
                job.getJobExecutionResult().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = stackTrace(e);
            }
        } else {
            job.cancel().get(10, TimeUnit.SECONDS);
        }
        String logs = CAPTURE.text();
        if (System.getProperty("shopwatch.secrets.dump") != null) {
            Files.writeString(Path.of(System.getProperty("shopwatch.secrets.dump")), logs + "\n---\n" + failure);
        }
        // The Kafka clients did log their configuration (masked) and their failures: the capture saw them.
        assertThat(logs).contains("sasl.jaas.config = [hidden]", "failed authentication", "Triggering job failover");
        assertThat(logs).doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
        assertThat(failure).doesNotContain(PASSWORD, TRUSTSTORE_PASSWORD);
        for (String topic : List.of("moderation.dlq", "moderation.policy-status", "moderation.metrics")) {
            for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll(topic, false)) {
                assertThat(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
            }
        }
    }

    /** The job's options plus SASL (the distinctive password) and an SSL truststore password. */
    private static String[] secretOptions(String... more) {
        List<String> args = new ArrayList<>(List.of("--kafka.security.protocol", "SASL_PLAINTEXT", "--kafka.sasl.mechanism", "PLAIN",
                "--kafka.sasl.jaas.config", JAAS, "--kafka.ssl.truststore.password", TRUSTSTORE_PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Every log event's message and its exception chain (messages and stack), as text. */
    private static final class Capture extends AbstractAppender {
        private final StringBuffer text = new StringBuffer();

        Capture() {
            super("secrets-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder line = new StringBuilder().append(event.getLoggerName()).append(' ')
                    .append(event.getMessage().getFormattedMessage()).append('\n');
            if (event.getThrown() != null) {
                line.append(stackTrace(event.getThrown()));
            }
            text.append(line);
        }

        String text() {
            return text.toString();
        }

        void clear() {
            text.setLength(0);
        }
    }
}
