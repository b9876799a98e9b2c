package com.shopwatch.pipeline.sources;

import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.policy.PolicyUpdate;
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

/** Where policy pack updates come from: the policy topic, or a watched local directory. */
public final class PolicySources {
    private PolicySources() {}

    /**
     * The policy topic: key = pack file name (e.g. {@code sg.yaml}), value = the pack's YAML, a
     * null value deletes the pack. Read from the earliest offset so a fresh job sees every pack.
     */
    public static Source<PolicyUpdate, ?, ?> kafka(JobOptions options) {
        Properties props = options.kafkaClientProperties();
        var builder = KafkaSource.<PolicyUpdate>builder()
                .setBootstrapServers(options.kafkaBootstrapServers())
                .setTopics(options.policyTopic())
                .setGroupId(options.groupId() + "-policies")
                .setProperties(props)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new PolicyRecordDeserializer());
        if (!options.eventInputUnbounded()) {
            // a backtest or file backfill must be able to finish: read the packs there are now
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The directory's packs, once, or re-read every {@code interval} when watching. */
    public static Source<PolicyUpdate, ?, ?> directory(String directory, boolean watch, Duration interval) {
        return new DataGeneratorSource<>(
                new PolicyDirectoryPoller(directory, Math.max(100, interval.toMillis())),
                watch ? Long.MAX_VALUE : 1,
                TypeInformation.of(PolicyUpdate.class));
    }

    static final class PolicyRecordDeserializer implements KafkaRecordDeserializationSchema<PolicyUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PolicyUpdate> out) {
            String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
            String name = record.key() == null ? "unnamed-" + origin + ".yaml" : new String(record.key(), StandardCharsets.UTF_8);
            String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            out.collect(PolicyUpdate.pack(name, text, origin));
        }

        @Override
        public TypeInformation<PolicyUpdate> getProducedType() {
            return TypeInformation.of(PolicyUpdate.class);
        }
    }
}
