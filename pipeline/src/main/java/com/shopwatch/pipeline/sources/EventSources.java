package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecodedPayload;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.decode.PayloadDecoder;
import java.util.List;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.pipeline.options.JobOptions;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
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

    /** The input topics, decoded by {@code decoder} (the job's {@link EventDecoder}; tests may wrap it). */
    public static Source<DecodedRecord, ?, ?> kafka(JobOptions options, PayloadDecoder<DecodedRecord> decoder) {
        return kafka(options, options.inputTopics(), decoder);
    }

    /** Any JSON input topic, decoded in the source, with the job's group, offsets and bounds. */
    static <T extends DecodedPayload> Source<T, ?, ?> kafka(JobOptions options, List<String> topics, PayloadDecoder<T> decoder) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setBootstrapServers(options.kafkaBootstrapServers())
                .setTopics(topics)
                .setGroupId(options.groupId())
                .setProperties(options.kafkaClientProperties())
                .setDeserializer(new DecodingKafkaDeserializer<>(decoder));
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

    /**
     * Synthetic APAC traffic. Bounded ({@code --generator.count} > 0): as fast as possible, with
     * event times ending now, so windows close and the run finishes. Unbounded: paced at
     * {@code --generator.rate} with event times following the wall clock from the first event
     * emitted (not from when the job was built).
     */
    public static Source<DecodedRecord, ?, ?> generator(JobOptions options, EventDecoder decoder) {
        long count = options.generatorCount();
        double rate = options.generatorRate();
        long now = System.currentTimeMillis();
        long start = count > 0 ? now - (long) (count * 1000.0 / rate) - 10_000 : now;
        GeneratorSettings settings = GeneratorSettings.builder()
                .seed(options.generatorSeed())
                .startTimeMillis(start)
                .eventsPerSecond(rate)
                .malformedFraction(options.generatorMalformedFraction())
                .violationFraction(options.generatorViolationFraction())
                .abuseRate(options.generatorAbuseRate())
                .maxFutureSkewMillis(decoder.settings().maxFutureSkewMillis())
                .build();
        GeneratedEventDecoder function = new GeneratedEventDecoder(new SyntheticEventGenerator(settings), decoder, count == 0);
        TypeInformation<DecodedRecord> type = TypeInformation.of(DecodedRecord.class);
        return count > 0
                ? new DataGeneratorSource<>(function, count, type)
                : new DataGeneratorSource<>(function, Long.MAX_VALUE, PacedRateLimiter.perSecond(rate), type);
    }

    /** A JSONL file (plain or .gz), or every file in a directory, read in name order; bounded. */
    public static <T extends DecodedPayload> Source<T, ?, ?> files(String path, PayloadDecoder<T> decoder) {
        return FileSource.forBulkFileFormat(new JsonLinesFormat<>(decoder), new Path(path))
                .setSplitAssigner(FileNameOrderAssigner::new)
                .build();
    }
}
