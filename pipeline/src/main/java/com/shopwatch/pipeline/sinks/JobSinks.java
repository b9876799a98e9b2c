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
    /**
     * Every flag after the flood breaker, enforce and shadow alike, or null (the production job
     * has no such output): what a backtest compares.
     */
    public final Sink<ReviewFlag> allFlags;

    public JobSinks(Sink<ReviewTask> review, Sink<ReviewFlag> flags, Sink<Escalation> escalations,
            Sink<ReviewTask> shadowSamples, Sink<MetricsRecord> metrics, Sink<DeadLetter> deadLetters, Sink<PolicyStatus> policyStatus, boolean singleWriter) {
        this(review, flags, escalations, shadowSamples, metrics, deadLetters, policyStatus, singleWriter, null);
    }

    private JobSinks(Sink<ReviewTask> review, Sink<ReviewFlag> flags, Sink<Escalation> escalations,
            Sink<ReviewTask> shadowSamples, Sink<MetricsRecord> metrics, Sink<DeadLetter> deadLetters, Sink<PolicyStatus> policyStatus,
            boolean singleWriter, Sink<ReviewFlag> allFlags) {
        this.allFlags = allFlags;
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
        return files(directory.toAbsolutePath().toString());
    }

    /** JSON lines under a local directory or a directory of any Flink file system ({@code s3://…}). */
    public static JobSinks files(String directory) {
        // a plain path is local, made absolute against the launcher's working directory
        String base = directory.contains("://") ? directory : java.nio.file.Paths.get(directory).toAbsolutePath().toString();
        String dir = base.endsWith("/") ? base : base + "/";
        return new JobSinks(
                new JsonLinesFileSink<>(dir + "review.jsonl"),
                new JsonLinesFileSink<>(dir + "flags.jsonl"),
                new JsonLinesFileSink<>(dir + "escalations.jsonl"),
                new JsonLinesFileSink<>(dir + "shadow-samples.jsonl"),
                new JsonLinesFileSink<>(dir + "metrics.jsonl"),
                new JsonLinesFileSink<>(dir + "dlq.jsonl"),
                new JsonLinesFileSink<>(dir + "policy-status.jsonl"),
                true);
    }

    /** The same sinks plus every flag, shadow ones included, into {@code allFlags}. */
    public JobSinks withAllFlags(Sink<ReviewFlag> allFlags) {
        return new JobSinks(review, flags, escalations, shadowSamples, metrics, deadLetters, policyStatus, singleWriter,
                allFlags);
    }
}
