package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecisionDecoder;
import com.shopwatch.decode.DecodedDecision;
import com.shopwatch.pipeline.options.JobOptions;
import java.util.List;
import org.apache.flink.api.connector.source.Source;

/** Where moderator decisions come from: the decisions topic, a JSONL file, or nowhere. */
public final class DecisionSources {
    private DecisionSources() {}

    public static Source<DecodedDecision, ?, ?> kafka(JobOptions options) {
        return EventSources.kafka(options, List.of(options.decisionsTopic()), new DecisionDecoder(options.decoderSettings()));
    }

    /** A JSONL file (or directory) of decisions; bounded. */
    public static Source<DecodedDecision, ?, ?> files(String path, JobOptions options) {
        return EventSources.files(path, new DecisionDecoder(options.decoderSettings()));
    }

    /** A run without decisions: the feedback operators still run, and see the end of input at once. */
    public static Source<DecodedDecision, ?, ?> none() {
        return new NoRecordsSource<>(DecodedDecision.class);
    }
}
