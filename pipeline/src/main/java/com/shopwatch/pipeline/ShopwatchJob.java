package com.shopwatch.pipeline;

import com.shopwatch.decode.DeadLetter;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.event.CommerceEvent;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.metrics.TrafficCount;
import com.shopwatch.pipeline.operators.DeadLetterRouter;
import com.shopwatch.pipeline.operators.TrafficMetricsAggregator;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.AcceptedEventWatermarks;
import com.shopwatch.pipeline.sources.EventSources;
import java.nio.file.Paths;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Shopwatch moderation job. It takes its source and sinks in the constructor and builds the
 * one topology in {@link #build}; {@link #main} only picks the production source and sinks, and
 * tests run the same class with their own.
 *
 * <pre>
 * events (Kafka | JSONL files | generator, decoded in the source)
 *   ├─ route-dead-letters ── accepted events ─→ (policy engine, detectors)
 *   │                     └─ dead letters ────→ dead-letter sink
 *   └─ traffic-counts ─ keyBy(country|type) ─ traffic-metrics ─→ metrics sink
 * </pre>
 */
public final class ShopwatchJob {
    private final JobOptions options;
    private final Source<DecodedRecord, ?, ?> source;
    private final JobSinks sinks;

    public ShopwatchJob(JobOptions options, Source<DecodedRecord, ?, ?> source, JobSinks sinks) {
        this.options = options;
        this.source = source;
        this.sinks = sinks;
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<DecodedRecord> decoded = env.fromSource(
                        source,
                        AcceptedEventWatermarks.strategy(options.maxOutOfOrderness(), options.idleness()),
                        "events")
                .uid("events-source");

        SingleOutputStreamOperator<CommerceEvent> events = decoded
                .process(new DeadLetterRouter())
                .uid("route-dead-letters")
                .name("route-dead-letters");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetterRouter.DEAD_LETTERS);
        sink(deadLetters.sinkTo(sinks.deadLetters).uid("dead-letter-sink").name("dead-letter-sink"));

        DataStream<MetricsRecord> metrics = decoded
                .map(TrafficCount::of)
                .uid("traffic-counts")
                .name("traffic-counts")
                .keyBy(TrafficCount::key)
                .process(new TrafficMetricsAggregator(options.metricsWindow(), options.metricsAllowedLateness()))
                .uid("traffic-metrics")
                .name("traffic-metrics");
        sink(metrics.sinkTo(sinks.metrics).uid("metrics-sink").name("metrics-sink"));
    }

    private void sink(DataStreamSink<?> sink) {
        if (sinks.singleWriter) {
            sink.setParallelism(1);
        }
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute("shopwatch");
    }

    /** Flink configuration derived from the options: state backend, checkpointing, type safety. */
    public static Configuration flinkConfiguration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, options.stateBackend());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        if (options.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
        }
        // Every type on the wire has a Flink serializer; a Kryo fallback is a bug, caught at submit.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    public static void main(String[] args) throws Exception {
        JobOptions options;
        try {
            options = JobOptions.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("shopwatch: " + e.getMessage());
            System.exit(2);
            return;
        }
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        Source<DecodedRecord, ?, ?> source;
        if (options.eventsPath() != null) {
            source = EventSources.files(options.eventsPath(), decoder);
        } else if (options.usesKafka()) {
            source = EventSources.kafka(options, decoder);
        } else {
            throw new IllegalArgumentException("generator not wired yet");
        }
        JobSinks sinks = options.usesKafka() ? JobSinks.kafka(options) : JobSinks.files(Paths.get(options.outputDirectory()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(options));
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        new ShopwatchJob(options, source, sinks).execute(env);
    }
}
