package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.model.DeadLetter;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.decode.DecodedDecision;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.feedback.Verdict;
import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.feedback.DecisionJoin;
import com.shopwatch.pipeline.feedback.PrecisionMonitor;
import com.shopwatch.pipeline.feedback.ShadowSampler;
import com.shopwatch.pipeline.sources.DeadLetterRouter;
import com.shopwatch.pipeline.metrics.FlagMetrics;
import com.shopwatch.pipeline.policies.PolicyEvaluator;
import com.shopwatch.pipeline.metrics.WindowedMetricsAggregator;
import com.shopwatch.pipeline.detectors.DetectorInputRouter;
import com.shopwatch.pipeline.detectors.DuplicateContentDetector;
import com.shopwatch.pipeline.detectors.EmergingTermDetector;
import com.shopwatch.pipeline.detectors.NewAccountHighValueDetector;
import com.shopwatch.pipeline.detectors.PolicyAwareDetector;
import com.shopwatch.pipeline.detectors.PriceAnomalyDetector;
import com.shopwatch.pipeline.detectors.ReportStormDetector;
import com.shopwatch.pipeline.detectors.SellerVelocityDetector;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.AcceptedEventWatermarks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.sources.PolicyUpdatesOutsideEventTime;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.review.CountryTraffic;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.pipeline.tasks.AccountHistoryAnnotator;
import com.shopwatch.pipeline.tasks.CountryTrafficCounter;
import com.shopwatch.pipeline.tasks.CountryTrafficPreAggregator;
import com.shopwatch.pipeline.tasks.FloodBreaker;
import com.shopwatch.pipeline.tasks.ReviewTaskBuilder;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Shopwatch moderation job. It takes its sources and sinks in the constructor and builds
 * the one topology in {@link #build}; {@link #main} only picks the production sources and
 * sinks, and tests run the same class with their own.
 *
 * <pre>
 * events (Kafka | JSONL | generator; decoded in the source)
 *   ├─ route-dead-letters ─┬─ dead letters ─────────────────────────────────────→ dead-letter sink
 *   │                      └─ events ─┬─ country-traffic-partials ─ keyBy(country) country-traffic ─(broadcast)→ flood-breaker
 *   │                                 ├─ evaluate-policies ←(broadcast)─ policy updates
 *   │                                 │    ├─ policy status ─────────────────────→ policy-status sink
 *   │                                 │    ├─ evaluation errors ─────────────────→ dead-letter sink
 *   │                                 │    └─ rule flags ───────┐
 *   │                                 └─ route-to-detectors     │  (each detector also ←(broadcast) policy updates)
 *   │                                      ├─ keyBy(type|account) ─ seller-velocity ──┤
 *   │                                      ├─ keyBy(image) ─ duplicate-content ───────┤
 *   │                                      ├─ keyBy(video) ─ report-storm ────────────┤
 *   │                                      ├─ keyBy(category|country) ─ price-anomaly ┤
 *   │                                      ├─ keyBy(listing) ─ new-account-high-value ┼─ keyBy(rule|country) flood-breaker ←(broadcast) country-traffic (alerts → policy-status sink)
 *   │                                      │                                          ├─ enforced flags ─┬→ flags sink
 *   │                                      │                                          │  keyBy(account) account-history
 *   │                                      │                                          │  └ keyBy(item) review-tasks ─┬→ review sink (tasks)
 *   │                                      │                                          │                              └→ escalation sink
 *   │                                      │                                          ├─ shadow-samples ─→ shadow-samples sink
 *   │                                      │                                          └─ flag-metrics ─┐
 *   │                                      └─ keyBy(country) ─ emerging-terms ─ trend records ───────┐ │
 *   └─ traffic-counts (+ detectors' late counts) ─────────────── keyBy(series) ─ windowed-metrics ─┴─┴→ metrics sink
 *
 * decisions (Kafka | JSONL | none; decoded in the source)
 *   └─ route-decision-dead-letters ─┬─ dead letters ─────────────────────────────→ dead-letter sink
 *                                   └─ keyBy(task) join-decisions ←─ keyBy(task) review tasks + shadow samples
 *                                        ├─ unknown task / reason ──────────────→ dead-letter sink
 *                                        └─ keyBy(rule|country|mode) rule-precision ←(broadcast) policy updates
 *                                                                                    ├→ metrics sink
 *                                                                                    └→ policy-status sink (alerts)
 * </pre>
 */
public final class ShopwatchJob {
    private final JobOptions options;
    private final Source<DecodedRecord, ?, ?> eventSource;
    private final Source<PolicyUpdate, ?, ?> policySource;
    private final Source<DecodedDecision, ?, ?> decisionSource;
    private final Map<String, String> defaultPolicies;
    private final JobSinks sinks;
    private Integer eventSourceParallelism;

    public ShopwatchJob(JobOptions options, Source<DecodedRecord, ?, ?> eventSource, Source<PolicyUpdate, ?, ?> policySource,
            Source<DecodedDecision, ?, ?> decisionSource, Map<String, String> defaultPolicies, JobSinks sinks) {
        this.options = options;
        this.eventSource = eventSource;
        this.policySource = policySource;
        this.decisionSource = decisionSource;
        this.defaultPolicies = defaultPolicies;
        this.sinks = sinks;
    }

    /** Pins the event source's parallelism (e.g. 1 for the paced generator, whose clock is the index). */
    public ShopwatchJob withEventSourceParallelism(int parallelism) {
        this.eventSourceParallelism = parallelism;
        return this;
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<DecodedRecord> decoded = env.fromSource(
                        eventSource,
                        AcceptedEventWatermarks.strategy(options.maxOutOfOrderness(), options.idleness()),
                        "events")
                .uid("events-source");
        if (eventSourceParallelism != null) {
            decoded.setParallelism(eventSourceParallelism);
        }

        SingleOutputStreamOperator<CommerceEvent> events = decoded
                .process(DeadLetterRouter.events(), TypeInformation.of(CommerceEvent.class))
                .uid("route-dead-letters")
                .name("route-dead-letters");

        BroadcastStream<PolicyUpdate> policyUpdates = env.fromSource(policySource, WatermarkStrategy.noWatermarks(), "policy-updates")
                .uid("policy-source")
                .setParallelism(1)
                .transform("policy-updates-outside-event-time", TypeInformation.of(PolicyUpdate.class),
                        new PolicyUpdatesOutsideEventTime())
                .uid("policy-updates-outside-event-time")
                .setParallelism(1)
                .broadcast(PolicyEvaluator.PACKS);
        SingleOutputStreamOperator<ReviewFlag> flags = events
                .connect(policyUpdates)
                .process(new PolicyEvaluator(defaultPolicies))
                .uid("evaluate-policies")
                .name("evaluate-policies");

        // Windowed abuse detectors: each keyed its own way, each following the policy updates
        // for its per-country thresholds.
        SingleOutputStreamOperator<CommerceEvent> detectorInputs = events
                .process(new DetectorInputRouter())
                .uid("route-to-detectors")
                .name("route-to-detectors");
        Duration lateness = options.detectorsAllowedLateness();
        Duration ttl = options.detectorsStateTtl();
        List<SingleOutputStreamOperator<?>> detectors = new ArrayList<>();
        DataStream<ReviewFlag> allFlags = flags;
        for (SingleOutputStreamOperator<ReviewFlag> d : List.of(
                detect(detectorInputs.getSideOutput(DetectorInputRouter.VELOCITY), SellerVelocityDetector::key,
                        new SellerVelocityDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(detectorInputs.getSideOutput(DetectorInputRouter.IMAGE_USES), DuplicateContentDetector::key,
                        new DuplicateContentDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(detectorInputs.getSideOutput(DetectorInputRouter.REPORTS), ReportStormDetector::key,
                        new ReportStormDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(detectorInputs.getSideOutput(DetectorInputRouter.PRICED_LISTINGS), PriceAnomalyDetector::key,
                        new PriceAnomalyDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(detectorInputs.getSideOutput(DetectorInputRouter.NEW_ACCOUNT_LISTINGS), NewAccountHighValueDetector::key,
                        new NewAccountHighValueDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG))) {
            detectors.add(d);
            allFlags = allFlags.union(d);
        }
        SingleOutputStreamOperator<MetricsRecord> trends = detect(detectorInputs.getSideOutput(DetectorInputRouter.TERMS),
                EmergingTermDetector::key, new EmergingTermDetector(defaultPolicies, lateness, ttl), policyUpdates,
                TypeInformation.of(MetricsRecord.class));
        detectors.add(trends);

        // A rule (or detector) flooding a country is switched to shadow there: moderators are
        // protected from a bad policy push; the flags are still counted. The breaker's share
        // criterion needs each country's accepted events per breaker window: summed per subtask
        // before the shuffle, per country after it, and broadcast (countries are few). Counted from
        // the events rather than taken from the windowed metrics, whose input includes the
        // breaker's output: that would be a cycle.
        BroadcastStream<CountryTraffic> countryTraffic = events
                .transform("country-traffic-partials", TypeInformation.of(CountryTraffic.class),
                        new CountryTrafficPreAggregator(options.breakerWindow()))
                .uid("country-traffic-partials")
                .keyBy(t -> t.country, Types.STRING)
                .process(new CountryTrafficCounter(options.breakerWindow()))
                .uid("country-traffic").name("country-traffic")
                .broadcast(FloodBreaker.COUNTRY_TRAFFIC);
        SingleOutputStreamOperator<ReviewFlag> guarded = allFlags
                .keyBy(FloodBreaker::key, Types.STRING)
                .connect(countryTraffic)
                .process(new FloodBreaker(options.breakerWindow(), options.breakerMultiplier(), options.breakerMinFlags(),
                        options.breakerMaxShare()))
                .uid("flood-breaker").name("flood-breaker");
        SingleOutputStreamOperator<ReviewFlag> enforced = guarded.filter(f -> "enforce".equals(f.mode))
                .uid("enforced-flags").name("enforced-flags");
        sink(enforced.sinkTo(sinks.flags).uid("flags-sink").name("flags-sink"));
        // Moderators get tasks, not raw flags: per account its history, then per item one task
        // per episode (merged, updated, de-duplicated), routed, escalated when critical.
        SingleOutputStreamOperator<ReviewTask> tasks = enforced
                .keyBy(f -> f.accountId == null ? "" : f.accountId, Types.STRING)
                .process(new AccountHistoryAnnotator(options.taskHistoryTtl()))
                .uid("account-history").name("account-history")
                .keyBy(ReviewTaskBuilder::key, Types.STRING)
                .process(new ReviewTaskBuilder(options.taskMergeWindow(), options.taskEpisodeTtl(), options.taskRouting()))
                .uid("review-tasks").name("review-tasks");
        sink(tasks.sinkTo(sinks.review).uid("review-sink").name("review-sink"));
        sink(tasks.getSideOutput(ReviewTaskBuilder.ESCALATIONS)
                .sinkTo(sinks.escalations).uid("escalation-sink").name("escalation-sink"));

        DataStream<MetricsContribution> flagCounts = guarded
                .flatMap(new FlagMetrics())
                .uid("flag-metrics")
                .name("flag-metrics");
        for (SingleOutputStreamOperator<?> d : detectors) {
            flagCounts = flagCounts.union(d.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS));
        }
        DataStream<MetricsRecord> metrics = decoded
                .map(MetricsContribution::of)
                .uid("traffic-counts")
                .name("traffic-counts")
                .union(flagCounts)
                .keyBy(MetricsContribution::key)
                .process(new WindowedMetricsAggregator(options.metricsWindow(), options.metricsAllowedLateness()))
                .uid("windowed-metrics")
                .name("windowed-metrics");

        // Feedback: moderators' decisions joined to the tasks (and shadow samples) they judge give
        // rolling precision per rule × country, with an alert when it falls below the floor.
        // The breaker's output is still partitioned by rule × country: sampled per key without a shuffle.
        SingleOutputStreamOperator<ReviewTask> shadowSamples = DataStreamUtils
                .reinterpretAsKeyedStream(guarded, FloodBreaker::key, Types.STRING)
                .process(new ShadowSampler(options.feedbackShadowSampleRate(), options.feedbackShadowMinSamples(),
                        options.taskRouting()))
                .uid("shadow-samples").name("shadow-samples");
        sink(shadowSamples.sinkTo(sinks.shadowSamples).uid("shadow-sample-sink").name("shadow-sample-sink"));
        SingleOutputStreamOperator<ModeratorDecision> decisions = env.fromSource(decisionSource,
                        AcceptedEventWatermarks.strategy(options.maxOutOfOrderness(), options.idleness()), "decisions")
                .uid("decisions-source")
                .process(DeadLetterRouter.decisions(), TypeInformation.of(ModeratorDecision.class))
                .uid("route-decision-dead-letters").name("route-decision-dead-letters");
        SingleOutputStreamOperator<Verdict> verdicts = tasks.union(shadowSamples)
                .keyBy(t -> t.taskId, Types.STRING)
                .connect(decisions.keyBy(d -> d.taskId, Types.STRING))
                .process(new DecisionJoin(options.feedbackDecisionWait(), options.feedbackTaskTtl()))
                .uid("join-decisions").name("join-decisions");
        SingleOutputStreamOperator<MetricsRecord> precision = verdicts
                .keyBy(Verdict::key, Types.STRING)
                .connect(policyUpdates)
                .process(new PrecisionMonitor(defaultPolicies, options.feedbackWindow(), options.metricsWindow(),
                        options.feedbackPrecisionFloor(), options.feedbackMinDecisions()), TypeInformation.of(MetricsRecord.class))
                .uid("rule-precision").name("rule-precision");

        sink(metrics.union(trends, precision).sinkTo(sinks.metrics).uid("metrics-sink").name("metrics-sink"));
        sink(flags.getSideOutput(PolicyEvaluator.POLICY_STATUS)
                .union(guarded.getSideOutput(FloodBreaker.ALERTS), precision.getSideOutput(PrecisionMonitor.ALERTS))
                .sinkTo(sinks.policyStatus).uid("policy-status-sink").name("policy-status-sink"));
        sink(events.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .union(flags.getSideOutput(PolicyEvaluator.EVALUATION_ERRORS),
                        decisions.getSideOutput(DeadLetterRouter.DEAD_LETTERS),
                        verdicts.getSideOutput(DecisionJoin.UNMATCHED))
                .sinkTo(sinks.deadLetters).uid("dead-letter-sink").name("dead-letter-sink"));
    }

    private static final TypeInformation<ReviewFlag> REVIEW_FLAG = TypeInformation.of(ReviewFlag.class);

    /** One detector: its input keyed its way, connected to the policy updates; uid and name from its code. */
    private static <OUT> SingleOutputStreamOperator<OUT> detect(DataStream<CommerceEvent> input,
            KeySelector<CommerceEvent, String> key, PolicyAwareDetector<OUT> detector,
            BroadcastStream<PolicyUpdate> policies, TypeInformation<OUT> type) {
        String name = detector.kind().code().replace('_', '-');
        return input.keyBy(key, Types.STRING)
                .connect(policies)
                .process(detector, type)
                .uid(name)
                .name(name);
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
        Configuration conf = flinkConfiguration(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            if (options.checkpointDir() == null) {
                // A local run without --checkpoint-dir would checkpoint into the JobManager's memory,
                // which caps state at 5 MB: the detectors outgrow that within minutes of traffic.
                conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        Files.createTempDirectory("shopwatch-checkpoints").toUri().toString());
            }
            // The MiniCluster's default of 128 MB of managed memory is split across every RocksDB
            // instance of a slot (one per keyed operator): a few MB each, so every extra keyed
            // operator slowed the hot detectors (more flushes and compactions).
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(System.getProperty("shopwatch.local.managed-memory", "512m")));
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        fromOptions(options).execute(env);
    }

    /**
     * The production wiring: events from {@code --events}, Kafka or the generator; policies from
     * the policy topic (with Kafka) or the {@code --policies} directory; moderator decisions from
     * the decisions topic (with Kafka), {@code --decisions} or none; sinks Kafka or files.
     */
    public static ShopwatchJob fromOptions(JobOptions options) {
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        Source<DecodedRecord, ?, ?> events;
        if (options.eventsPath() != null) {
            events = EventSources.files(options.eventsPath(), decoder);
        } else if (options.usesKafka()) {
            events = EventSources.kafka(options, decoder);
        } else {
            events = EventSources.generator(options, decoder);
        }
        Map<String, String> defaults = BundledPolicies.load(options.policiesDirectory());
        Source<PolicyUpdate, ?, ?> policies;
        if (options.usesKafka()) {
            policies = PolicySources.kafka(options);
        } else {
            boolean watch = options.policiesWatch() != null ? options.policiesWatch() : options.eventInputUnbounded();
            policies = PolicySources.directory(options.policiesDirectory(), watch, options.policiesPollInterval());
        }
        Source<DecodedDecision, ?, ?> decisions = options.usesKafka() ? DecisionSources.kafka(options)
                : options.decisionsPath() != null ? DecisionSources.files(options.decisionsPath(), options) : DecisionSources.none();
        JobSinks sinks = options.usesKafka() ? JobSinks.kafka(options) : JobSinks.files(Paths.get(options.outputDirectory()));
        ShopwatchJob job = new ShopwatchJob(options, events, policies, decisions, defaults, sinks);
        if (options.eventsPath() == null && !options.usesKafka() && options.eventInputUnbounded()) {
            // The paced generator's event time follows its index; parallel subtasks would split
            // the index range in halves and put half the traffic years ahead.
            job.withEventSourceParallelism(1);
        }
        return job;
    }
}
