package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.pipeline.JobOptions;
import java.util.Properties;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The production choices of event source. All of them decode in the source. */
public final class EventSources {
    private EventSources() {}

    public static Source<DecodedRecord, ?, ?> kafka(JobOptions options, EventDecoder decoder) {
        Properties props = options.kafkaProperties();
        props.remove("bootstrap.servers");
        KafkaSourceBuilder<DecodedRecord> builder = KafkaSource.<DecodedRecord>builder()
                .setBootstrapServers(options.kafkaBootstrapServers())
                .setTopics(options.inputTopics())
                .setGroupId(options.groupId())
                .setProperties(props)
                .setDeserializer(new DecodingKafkaDeserializer(decoder));
        switch (options.startingOffsets()) {
            case EARLIEST:
                builder.setStartingOffsets(OffsetsInitializer.earliest());
                break;
            case LATEST:
                builder.setStartingOffsets(OffsetsInitializer.latest());
                break;
            default:
                builder.setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        }
        if (options.stopAtLatest()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** A JSONL file, or every file in a directory; bounded. */
    public static Source<DecodedRecord, ?, ?> files(String path, EventDecoder decoder) {
        return FileSource.forBulkFileFormat(new JsonLinesFormat(decoder), new Path(path)).build();
    }
}
