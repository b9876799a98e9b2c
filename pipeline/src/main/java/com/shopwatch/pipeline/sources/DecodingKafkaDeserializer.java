package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedPayload;
import com.shopwatch.decode.PayloadDecoder;
import com.shopwatch.model.RecordOrigin;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka records inside the source, so each payload is parsed once and event-time
 * watermarks are generated per partition. Never throws: bad records become dead letters.
 */
public final class DecodingKafkaDeserializer<T extends DecodedPayload> implements KafkaRecordDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final PayloadDecoder<T> decoder;

    public DecodingKafkaDeserializer(PayloadDecoder<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        long now = System.currentTimeMillis();
        // A dead letter has no trustworthy event time; the broker timestamp says when it arrived.
        long arrival = record.timestamp() >= 0 ? record.timestamp() : now;
        out.collect(decoder.decode(
                record.value(), RecordOrigin.kafka(record.topic(), record.partition(), record.offset()), now, arrival));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(decoder.producedClass());
    }
}
