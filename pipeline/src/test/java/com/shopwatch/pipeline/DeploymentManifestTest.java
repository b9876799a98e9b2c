package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.shopwatch.pipeline.options.JobOptions;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code config/deploy/flinkdeployment.yaml} is a valid FlinkDeployment: checked against the
 * operator's own CRD schema (shipped in flink-kubernetes-operator-api), read into its model
 * classes with unknown properties failing, its arguments parsed by the job's option parser, every
 * Flink key a real Flink 2.2 option, and the Kafka JAAS line taken from a Secret, not the file.
 */
class DeploymentManifestTest {
    private static final Path MANIFEST = Path.of("../config/deploy/flinkdeployment.yaml");
    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}");

    private static JsonNode manifest;
    private static JsonNode schema;

    @BeforeAll
    static void load() throws Exception {
        manifest = YAML.readTree(Files.readString(MANIFEST));
        try (InputStream in = FlinkDeployment.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " in flink-kubernetes-operator-api").isNotNull();
            JsonNode crd = YAML.readTree(in);
            for (JsonNode version : crd.at("/spec/versions")) {
                if (version.get("name").asText().equals("v1beta1")) {
                    schema = version.at("/schema/openAPIV3Schema");
                }
            }
        }
        assertThat(schema).as("the CRD's v1beta1 schema").isNotNull();
    }

    @Test
    void theManifestMatchesTheOperatorsCrdSchema() {
        assertThat(manifest.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(manifest.get("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(violations(manifest)).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesUnknownFieldsWrongTypesAndValues() {
        // Proof that the check above can fail: each mutation of the manifest is reported.
        ObjectNode typo = manifest.deepCopy();
        ((ObjectNode) typo.at("/spec/job")).put("upgradMode", "savepoint");
        assertThat(violations(typo)).anySatisfy(v -> assertThat(v).contains("/spec/job/upgradMode"));
        ObjectNode badMode = manifest.deepCopy();
        ((ObjectNode) badMode.at("/spec/job")).put("upgradeMode", "savepoints");
        assertThat(violations(badMode)).anySatisfy(v -> assertThat(v).contains("/spec/job/upgradeMode"));
        ObjectNode badType = manifest.deepCopy();
        ((ObjectNode) badType.at("/spec/job")).put("parallelism", "four");
        assertThat(violations(badType)).anySatisfy(v -> assertThat(v).contains("/spec/job/parallelism"));
    }

    @Test
    void theManifestReadsIntoTheOperatorsModelWithNothingUnknown() throws Exception {
        ObjectMapper strict = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        FlinkDeployment deployment = strict.readValue(Files.readString(MANIFEST), FlinkDeployment.class);
        var job = deployment.getSpec().getJob();
        assertThat(job.getJarURI()).endsWith("/shopwatch.jar");
        assertThat(job.getEntryClass()).isEqualTo(ShopwatchJob.class.getName());
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        Map<String, String> flink = deployment.getSpec().getFlinkConfiguration();
        assertThat(flink).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.incremental", "true")
                .containsEntry("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", "9249");
        assertThat(flink.get("execution.checkpointing.dir")).startsWith("s3://");
        assertThat(flink.get("execution.checkpointing.savepoint-dir")).startsWith("s3://");
    }

    @Test
    void everyFlinkKeyIsARealFlinkOption() throws Exception {
        Set<String> known = new HashSet<>();
        for (Class<?> options : List.of(CheckpointingOptions.class, StateBackendOptions.class, RestartStrategyOptions.class,
                TaskManagerOptions.class, MetricOptions.class)) {
            for (Field f : options.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                    known.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        known.add(fallback.getKey());
                    }
                }
            }
        }
        // Reporter keys are metrics.reporter.<name>.<key>: MetricOptions' reporter-scoped keys, and
        // "port", which PrometheusReporterFactory reads from its reporter's configuration.
        Set<String> reporterKeys = new HashSet<>(Set.of("port"));
        reporterKeys.add(MetricOptions.REPORTER_FACTORY_CLASS.key());
        reporterKeys.add(MetricOptions.REPORTER_INTERVAL.key());
        Pattern reporter = Pattern.compile("metrics\\.reporter\\.[a-z]+\\.(.+)");
        List<String> unknown = new ArrayList<>();
        manifest.at("/spec/flinkConfiguration").fieldNames().forEachRemaining(key -> {
            Matcher m = reporter.matcher(key);
            boolean real = m.matches() ? reporterKeys.contains(m.group(1)) : known.contains(key);
            if (!real) {
                unknown.add(key);
            }
        });
        assertThat(unknown).isEmpty();
        assertThat(known).contains("state.backend.type", "execution.checkpointing.dir"); // the scan found options
    }

    @Test
    void theJobArgumentsParseWithTheJobsOwnOptions() {
        JobOptions options = JobOptions.fromArgs(args());
        assertThat(options.usesKafka()).isTrue();
        assertThat(options.eventInput()).isEqualTo(JobOptions.EventInput.KAFKA);
        assertThat(options.delivery()).isEqualTo(JobOptions.Delivery.EXACTLY_ONCE);
        assertThat(options.stateBackend()).isEqualTo("rocksdb");
        assertThat(options.checkpointDir()).isEqualTo(manifest.at("/spec/flinkConfiguration").get("execution.checkpointing.dir").asText());
        assertThat(options.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        // The production wiring accepts them too (Kafka sources and sinks built, nothing connects).
        assertThat(ShopwatchJob.fromOptions(options)).isNotNull();
    }

    @Test
    void theJaasLineComesFromASecretThroughTheEnvironment() throws Exception {
        String text = Files.readString(MANIFEST);
        assertThat(text).doesNotContainPattern("password\\s*=\\s*'[^'…]");
        JobOptions options = JobOptions.fromArgs(args());
        String jaas = options.kafkaClientProperties().getProperty(SaslConfigs.SASL_JAAS_CONFIG);
        Matcher m = ENV_REFERENCE.matcher(jaas);
        assertThat(m.matches()).as(jaas).isTrue();
        String variable = m.group(1);
        JsonNode env = null;
        for (JsonNode container : manifest.at("/spec/podTemplate/spec/containers")) {
            if (container.get("name").asText().equals("flink-main-container")) {
                for (JsonNode e : container.get("env")) {
                    if (e.get("name").asText().equals(variable)) {
                        env = e;
                    }
                }
            }
        }
        assertThat(env).as("env " + variable + " of flink-main-container").isNotNull();
        assertThat(env.has("value")).isFalse();
        assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isNotBlank();
        assertThat(env.at("/valueFrom/secretKeyRef/key").asText()).isNotBlank();

        // The Kafka client resolves the reference itself: shown with a variable this JVM has.
        String present = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
        Properties props = options.kafkaClientProperties();
        props.setProperty(SaslConfigs.SASL_JAAS_CONFIG, "${env:" + present + "}");
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrapServers());
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        ConsumerConfig resolved = new ConsumerConfig(props);
        assertThat(resolved.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(System.getenv(present));
    }

    private static String[] args() {
        List<String> args = new ArrayList<>();
        manifest.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        return args.toArray(String[]::new);
    }

    // ---- a structural check of a value against the CRD's OpenAPI v3 schema ----

    static List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        ObjectNode resource = value.deepCopy();
        resource.remove(List.of("apiVersion", "kind", "metadata")); // every resource's own, not in the CRD's schema
        check(resource, schema, "", out);
        return out;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> out) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !value.isIntegralNumber()) {
                out.add(path + ": not an int or string: " + value);
            }
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            out.add(path + ": expected " + type + ", got " + value);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                out.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    out.add(path + ": missing " + required.asText());
                }
            }
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "/" + field.getKey();
                if (properties != null && properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), child, out);
                } else if (additional != null && additional.isObject()) {
                    check(field.getValue(), additional, child, out);
                } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
                    out.add(child + ": unknown field (Kubernetes would drop it)");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "/" + i, out);
            }
        }
    }
}
