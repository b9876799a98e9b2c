package com.shopwatch.pipeline.sinks;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.Escalation;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;

/** The job's outputs. {@code singleWriter} pins the sinks to parallelism 1 (local files). */
public final class JobSinks implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Review tasks (one per item episode). */
    public final Sink<ReviewTask> review;
    /** Every enforce-mode flag as raised. */
    public final Sink<ReviewFlag> flags;
    public final Sink<Escalation> escalations;
    /** Sampled shadow-mode matches, as one-reason tasks. */
    public final Sink<ReviewTask> shadowSamples;
    public final Sink<MetricsRecord> metrics;
    public final Sink<DeadLetter> deadLetters;
    public final Sink<PolicyStatus> policyStatus;
    public final boolean singleWriter;

    public JobSinks(Sink<ReviewTask> review, Sink<ReviewFlag> flags, Sink<Escalation> escalations,
            Sink<ReviewTask> shadowSamples, Sink<MetricsRecord> metrics, Sink<DeadLetter> deadLetters, Sink<PolicyStatus> policyStatus, boolean singleWriter) {
        this.review = review;
        this.flags = flags;
        this.escalations = escalations;
        this.shadowSamples = shadowSamples;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.policyStatus = policyStatus;
        this.singleWriter = singleWriter;
    }

    public static JobSinks kafka(JobOptions options) {
        return new JobSinks(
                KafkaJsonSinks.create(options, options.reviewTopic(), "review", (ReviewTask t) -> t.itemId),
                KafkaJsonSinks.create(options, options.flagsTopic(), "flags", (ReviewFlag f) -> f.itemId),
                KafkaJsonSinks.create(options, options.escalationTopic(), "escalations", (Escalation e) -> e.itemId),
                KafkaJsonSinks.create(options, options.shadowSamplesTopic(), "shadow-samples", (ReviewTask t) -> t.itemId),
                KafkaJsonSinks.create(options, options.metricsTopic(), "metrics",
                        (MetricsRecord m) -> m.country + "|" + m.eventType),
                KafkaJsonSinks.create(options, options.dlqTopic(), "dlq", (DeadLetter d) -> null),
                KafkaJsonSinks.create(options, options.policyStatusTopic(), "policy-status", (PolicyStatus s) -> null),
                false);
    }

    public static JobSinks files(Path directory) {
        return new JobSinks(
                new JsonLinesFileSink<>(directory.resolve("review.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("flags.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("escalations.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("shadow-samples.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("metrics.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("dlq.jsonl")),
                new JsonLinesFileSink<>(directory.resolve("policy-status.jsonl")),
                true);
    }
}
