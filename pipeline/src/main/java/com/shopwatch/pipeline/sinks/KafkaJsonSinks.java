package com.shopwatch.pipeline.sinks;

import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.options.JobOptions;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** Builds the job's Kafka sinks: JSON values, an optional key, the configured delivery guarantee. */
public final class KafkaJsonSinks {
    private KafkaJsonSinks() {}

    /** Extracts the Kafka record key of an output record (null = no key). */
    @FunctionalInterface
    public interface KeyOf<T> extends java.io.Serializable {
        String key(T record);
    }

    public static <T> KafkaSink<T> create(JobOptions options, String topic, String sinkName, KeyOf<T> keyOf) {
        Properties props = options.kafkaClientProperties();
        KafkaRecordSerializationSchema<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(new KeySchema<>(keyOf))
                .setValueSerializationSchema(new JsonValueSchema<T>())
                .build();
        DeliveryGuarantee guarantee = options.delivery() == JobOptions.Delivery.EXACTLY_ONCE
                ? DeliveryGuarantee.EXACTLY_ONCE
                : DeliveryGuarantee.AT_LEAST_ONCE;
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            // Must not exceed the broker's transaction.max.timeout.ms (15 min by default).
            props.putIfAbsent("transaction.timeout.ms", String.valueOf(options.transactionTimeout().toMillis()));
        }
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.kafkaBootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-" + sinkName)
                .build();
    }

    /** Values: the shared JSON encoding of output records. */
    static final class JsonValueSchema<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(T record) {
            return JsonOutput.toBytes(record);
        }
    }

    /** Keys: UTF-8 of the extracted key, so a topic is partitioned by item (or series). */
    static final class KeySchema<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KeyOf<T> keyOf;

        KeySchema(KeyOf<T> keyOf) {
            this.keyOf = keyOf;
        }

        @Override
        public byte[] serialize(T record) {
            String key = keyOf.key(record);
            return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        }
    }
}
