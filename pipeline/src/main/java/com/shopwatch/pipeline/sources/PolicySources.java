package com.shopwatch.pipeline.sources;

import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.policy.PolicySignatures;
import com.shopwatch.policy.PolicyUpdate;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where policy pack updates come from: the policy topic, or a watched local directory. */
public final class PolicySources {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySources.class);

    private PolicySources() {}

    /**
     * The policy topic: key = pack file name (e.g. {@code sg.yaml}), value = the pack's YAML, a
     * null value deletes the pack. Read from the earliest offset so a fresh job sees every pack.
     * Each record must be signed ({@link PolicySignatures}) unless {@code --policies.allow-unsigned};
     * one that is not, or is badly signed, becomes a refused update (rejected, with the reason).
     */
    public static Source<PolicyUpdate, ?, ?> kafka(JobOptions options) {
        Properties props = options.kafkaClientProperties();
        var builder = KafkaSource.<PolicyUpdate>builder()
                .setBootstrapServers(options.kafkaBootstrapServers())
                .setTopics(options.policyTopic())
                .setGroupId(options.groupId() + "-policies")
                .setProperties(props)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(deserializer(options));
        if (!options.eventInputUnbounded()) {
            // a backtest or file backfill must be able to finish: read the packs there are now
            builder.setBounded(OffsetsInitializer.latest());
        }
        if (!options.policiesAllowUnsigned() && options.policiesSigningKeys() == null
                && System.getenv(PolicySignatures.KEYS_ENVIRONMENT_VARIABLE) == null) {
            LOG.warn("Policy updates on {} must be signed, but neither --policies.signing-keys nor {} is set here: "
                    + "unless the TaskManagers have {}, every update on the topic will be rejected",
                    options.policyTopic(), PolicySignatures.KEYS_ENVIRONMENT_VARIABLE, PolicySignatures.KEYS_ENVIRONMENT_VARIABLE);
        }
        return builder.build();
    }

    /**
     * The policy topic's records as updates, signatures checked as the options say (where the
     * keys are, the allow-list, whether unsigned updates pass).
     */
    public static KafkaRecordDeserializationSchema<PolicyUpdate> deserializer(JobOptions options) {
        return new PolicyRecordDeserializer(options.policiesSigningKeys(), options.policiesAllowedKeyIds(),
                options.policiesAllowUnsigned());
    }

    /** The directory's packs, once, or re-read every {@code interval} when watching. */
    public static Source<PolicyUpdate, ?, ?> directory(String directory, boolean watch, Duration interval) {
        return new DataGeneratorSource<>(
                new PolicyDirectoryPoller(directory, Math.max(100, interval.toMillis())),
                watch ? Long.MAX_VALUE : 1,
                TypeInformation.of(PolicyUpdate.class));
    }

    /**
     * One record → one pack update, its signature checked first (over the record value's exact
     * bytes, or {@link PolicySignatures#deletionMessage} for a deletion). Holds where the keys
     * are, never the keys: they are read on the TaskManager, so they are not in the job graph.
     */
    static final class PolicyRecordDeserializer implements KafkaRecordDeserializationSchema<PolicyUpdate> {
        private static final long serialVersionUID = 2L;

        private final String keyFile;
        private final ArrayList<String> allowedKeyIds;
        private final boolean allowUnsigned;
        private transient PolicySignatures signatures;

        PolicyRecordDeserializer(String keyFile, List<String> allowedKeyIds, boolean allowUnsigned) {
            this.keyFile = keyFile;
            this.allowedKeyIds = allowedKeyIds == null ? null : new ArrayList<>(allowedKeyIds);
            this.allowUnsigned = allowUnsigned;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PolicyUpdate> out) {
            String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
            String name = record.key() == null ? "unnamed-" + origin + ".yaml" : new String(record.key(), StandardCharsets.UTF_8);
            String refusal = refusal(record, name);
            if (refusal != null) {
                out.collect(PolicyUpdate.refused(name, refusal, origin));
                return;
            }
            String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            out.collect(PolicyUpdate.pack(name, text, origin));
        }

        /** Null when the record may be applied, else why it is refused (no key material in it). */
        String refusal(ConsumerRecord<byte[], byte[]> record, String name) {
            String keyId = header(record, PolicySignatures.KEY_ID_HEADER);
            String signature = header(record, PolicySignatures.SIGNATURE_HEADER);
            if (keyId == null && signature == null) {
                return allowUnsigned ? null : "unsigned update for " + name + " (headers " + PolicySignatures.KEY_ID_HEADER
                        + " and " + PolicySignatures.SIGNATURE_HEADER + " are required; see bin/shopwatch sign)";
            }
            // a signature present is checked even when unsigned updates are allowed
            PolicySignatures keys;
            try {
                keys = signatures();
            } catch (Exception e) {
                return "cannot check the signature of " + name + ": the signing keys could not be loaded ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            }
            byte[] signed = record.value() != null ? record.value() : PolicySignatures.deletionMessage(name);
            String problem = keys.verify(keyId, signature, signed);
            return problem == null ? null : problem + " for " + name;
        }

        private PolicySignatures signatures() throws Exception {
            if (signatures == null) {
                // not cached on failure: a key file mounted later is picked up by the next update
                signatures = PolicySignatures.load(keyFile, System.getenv(PolicySignatures.KEYS_ENVIRONMENT_VARIABLE), allowedKeyIds);
                LOG.info("Loaded policy signing keys: {}", signatures); // key ids only
            }
            return signatures;
        }

        private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
            Header h = record.headers().lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        @Override
        public TypeInformation<PolicyUpdate> getProducedType() {
            return TypeInformation.of(PolicyUpdate.class);
        }
    }
}
