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
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.policies.PolicyEvaluator;
import com.shopwatch.pipeline.metrics.TrafficPreAggregator;
import com.shopwatch.pipeline.metrics.WindowedMetricsAggregator;
import com.shopwatch.pipeline.detectors.DetectorInputRouter;
import com.shopwatch.pipeline.detectors.DuplicateContentDetector;
import com.shopwatch.pipeline.detectors.HotStateDetectorOperator;
import com.shopwatch.pipeline.detectors.EmergingTermDetector;
import com.shopwatch.pipeline.detectors.NewAccountHighValueDetector;
import com.shopwatch.pipeline.detectors.OncePerFlag;
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
import com.shopwatch.pipeline.tasks.HeldStateKeyedProcessOperator;
import com.shopwatch.pipeline.tasks.ReviewTaskBuilder;
import com.shopwatch.pipeline.types.InFlightType;
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
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Shopwatch moderation job. It takes its sources and sinks in the constructor and builds
 * the one topology in {@link #build}; {@link #main} only picks the production sources and
 * sinks, {@link LocalRun} does the same on a MiniCluster, and tests run this class with their own.
 *
 * <p>{@link #build} reads like the README's topology diagram, one method per stage:
 * <pre>
 * events ──→ policies ──────────────┐
 *   │    └─→ detectors ─────────────┴─→ tasks (flood breaker, account history, review tasks)
 *   │                                     └─→ feedback (shadow samples, decisions, precision)
 *   └─────────────────────────────────────→ metrics
 * every output ─→ sinks (flags, review, escalations, shadow samples, metrics, policy status, dead letters)
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
    /**
     * How long the rule-flag path's network buffers may wait to fill (--flag-buffer-timeout).
     * Flags are few next to events, so at Flink's default (100 ms) a flag would wait for it at
     * every hop; the event shuffles keep Flink's setting, where buffers fill long before it. (The
     * events' hop into evaluate-policies at 5 ms halved the rule flags' median latency, 29 -> 18
     * ms at 6 000 events/s, but cost 15-20 % of throughput on a 400 000-event file; not their p99,
     * which RocksDB checkpoints' synchronous part and young-generation GC pauses set.)
     */
    private final long flagBufferMs;
    /**
     * The same for the detectors (--detector-buffer-timeout): their flags come when the watermark
     * passes, a bound after the event, so a few more milliseconds per hop cost little, while every
     * flush wakes the receiving task (six detectors at 5 ms cost ~16 % of throughput).
     */
    private final long detectorBufferMs;

    public ShopwatchJob(JobOptions options, Source<DecodedRecord, ?, ?> eventSource, Source<PolicyUpdate, ?, ?> policySource,
            Source<DecodedDecision, ?, ?> decisionSource, Map<String, String> defaultPolicies, JobSinks sinks) {
        this.options = options;
        this.eventSource = eventSource;
        this.policySource = policySource;
        this.decisionSource = decisionSource;
        this.defaultPolicies = defaultPolicies;
        this.sinks = sinks;
        this.flagBufferMs = options.flagBufferTimeout().toMillis();
        this.detectorBufferMs = options.detectorBufferTimeout().toMillis();
    }

    /** The packs enforced until the first policy update (the tasks compile them on first use). */
    public Map<String, String> defaultPolicies() {
        return defaultPolicies;
    }

    /** Pins the event source's parallelism (e.g. 1 for the paced generator, whose clock is the index). */
    public ShopwatchJob withEventSourceParallelism(int parallelism) {
        this.eventSourceParallelism = parallelism;
        return this;
    }

    /**
     * Adds the topology to {@code env}, stage by stage as the README's diagram draws it: events,
     * policies, detectors, tasks, feedback, metrics, sinks.
     */
    public void build(StreamExecutionEnvironment env) {
        Events events = events(env);
        BroadcastStream<PolicyUpdate> policyUpdates = policyUpdates(env);
        SingleOutputStreamOperator<ReviewFlag> ruleFlags = policies(events.accepted(), policyUpdates);
        Detectors detectors = detectors(events.accepted(), policyUpdates);
        Tasks tasks = tasks(events.accepted(), ruleFlags.union(detectors.flags()));
        Feedback feedback = feedback(env, tasks, policyUpdates);
        DataStream<MetricsRecord> metrics = metrics(events.decoded(), tasks.guarded(), detectors);
        sinks(events, ruleFlags, detectors, tasks, feedback, metrics);
    }

    /** The events stage's outputs: every decoded record (for traffic counts) and the accepted events. */
    private record Events(SingleOutputStreamOperator<DecodedRecord> decoded, SingleOutputStreamOperator<CommerceEvent> accepted) {}

    /** Events, decoded once in the source; malformed records leave for the dead-letter sink here. */
    private Events events(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<DecodedRecord> decoded = env.fromSource(
                        eventSource,
                        AcceptedEventWatermarks.strategy(options.maxOutOfOrderness(), options.idleness()),
                        "events")
                .uid("events-source");
        if (eventSourceParallelism != null) {
            decoded.setParallelism(eventSourceParallelism);
        }
        SingleOutputStreamOperator<CommerceEvent> accepted = decoded
                .process(DeadLetterRouter.events(), InFlightType.COMMERCE_EVENT)
                .uid("route-dead-letters")
                .name("route-dead-letters");
        return new Events(decoded, accepted);
    }

    /** Policy updates, outside event time, broadcast to every operator that enforces a policy set. */
    private BroadcastStream<PolicyUpdate> policyUpdates(StreamExecutionEnvironment env) {
        return env.fromSource(policySource, WatermarkStrategy.noWatermarks(), "policy-updates")
                .uid("policy-source")
                .setParallelism(1)
                .transform("policy-updates-outside-event-time", TypeInformation.of(PolicyUpdate.class),
                        new PolicyUpdatesOutsideEventTime())
                .uid("policy-updates-outside-event-time")
                .setParallelism(1)
                .broadcast(PolicyBroadcast.PACKS);
    }

    /** The country policies applied to every event, chained after the source: no shuffle. */
    private SingleOutputStreamOperator<ReviewFlag> policies(DataStream<CommerceEvent> events,
            BroadcastStream<PolicyUpdate> policyUpdates) {
        return events
                .connect(policyUpdates)
                .process(new PolicyEvaluator(defaultPolicies), REVIEW_FLAG)
                .uid("evaluate-policies")
                .name("evaluate-policies")
                .setBufferTimeout(flagBufferMs);
    }

    /** The detectors' flags (unioned), trend records, and every detector for its metrics side output. */
    private record Detectors(DataStream<ReviewFlag> flags, SingleOutputStreamOperator<MetricsRecord> trends,
            List<SingleOutputStreamOperator<?>> all) {}

    /**
     * Windowed abuse detectors: each keyed its own way, each following the policy updates for its
     * per-country thresholds. The router sends a detector only the events it counts.
     */
    private Detectors detectors(DataStream<CommerceEvent> events, BroadcastStream<PolicyUpdate> policyUpdates) {
        // Its buffers also carry the watermark the held events wait for: they flush as the detectors' do.
        SingleOutputStreamOperator<CommerceEvent> inputs = events
                .process(new DetectorInputRouter(), InFlightType.COMMERCE_EVENT)
                .uid("route-to-detectors")
                .name("route-to-detectors")
                .setBufferTimeout(detectorBufferMs);
        Duration lateness = options.detectorsAllowedLateness();
        Duration ttl = options.detectorsStateTtl();
        List<SingleOutputStreamOperator<?>> all = new ArrayList<>();
        DataStream<ReviewFlag> flags = null;
        SingleOutputStreamOperator<ReviewFlag> duplicates = detect(inputs.getSideOutput(DetectorInputRouter.IMAGE_USES),
                DuplicateContentDetector::key, new DuplicateContentDetector(defaultPolicies, lateness, ttl), policyUpdates,
                REVIEW_FLAG);
        all.add(duplicates);
        // keyed by image, the detector finds a listing once per image of the ring: moderators get it once
        flags = duplicates
                .keyBy(f -> f.flagId, Types.STRING)
                .process(new OncePerFlag(ttl), REVIEW_FLAG)
                .uid("duplicate-content-once").name("duplicate-content-once")
                .setBufferTimeout(detectorBufferMs);
        for (SingleOutputStreamOperator<ReviewFlag> d : List.of(
                detect(inputs.getSideOutput(DetectorInputRouter.VELOCITY), SellerVelocityDetector::key,
                        new SellerVelocityDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(inputs.getSideOutput(DetectorInputRouter.REPORTS), ReportStormDetector::key,
                        new ReportStormDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(inputs.getSideOutput(DetectorInputRouter.PRICED_LISTINGS), PriceAnomalyDetector::key,
                        new PriceAnomalyDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG),
                detect(inputs.getSideOutput(DetectorInputRouter.NEW_ACCOUNT_LISTINGS), NewAccountHighValueDetector::key,
                        new NewAccountHighValueDetector(defaultPolicies, lateness, ttl), policyUpdates, REVIEW_FLAG))) {
            all.add(d);
            flags = flags.union(d);
        }
        SingleOutputStreamOperator<MetricsRecord> trends = detect(inputs.getSideOutput(DetectorInputRouter.TERMS),
                EmergingTermDetector::key, new EmergingTermDetector(defaultPolicies, lateness, ttl), policyUpdates,
                TypeInformation.of(MetricsRecord.class));
        all.add(trends);
        return new Detectors(flags, trends, all);
    }

    /** RocksDB's options, by key: the RocksDB backend is the cluster's, not a compile dependency. */
    private static final ConfigOption<String> ROCKSDB_TIMERS =
            ConfigOptions.key("state.backend.rocksdb.timer-service.factory").stringType().noDefaultValue();
    private static final ConfigOption<Boolean> ROCKSDB_BLOOM_FILTER =
            ConfigOptions.key("state.backend.rocksdb.use-bloom-filter").booleanType().noDefaultValue();
    private static final ConfigOption<MemorySize> ROCKSDB_WRITE_BUFFER =
            ConfigOptions.key("state.backend.rocksdb.writebuffer.size").memoryType().noDefaultValue();
    private static final ConfigOption<String> ROCKSDB_COMPRESSION =
            ConfigOptions.key("state.backend.rocksdb.compression.per.level").stringType().noDefaultValue();
    private static final ConfigOption<Integer> ROCKSDB_BACKGROUND_JOBS =
            ConfigOptions.key("state.backend.rocksdb.thread.num").intType().noDefaultValue();

    /** Flags in flight: every stream of them the same type (they are unioned), on their explicit serializer. */
    private static final TypeInformation<ReviewFlag> REVIEW_FLAG = InFlightType.REVIEW_FLAG;


    /** One detector: its input keyed its way, connected to the policy updates; uid and name from its code. */
    private <OUT> SingleOutputStreamOperator<OUT> detect(DataStream<CommerceEvent> input,
            KeySelector<CommerceEvent, String> key, PolicyAwareDetector<OUT> detector,
            BroadcastStream<PolicyUpdate> policies, TypeInformation<OUT> type) {
        String name = detector.kind().code().replace('_', '-');
        // Flink's keyed broadcast operator, built as BroadcastConnectedStream.process builds it,
        // but the one that writes the detector's heap-held state back at checkpoints
        DataStream<PolicyUpdate> broadcastUpdates = new DataStream<>(policies.getEnvironment(), policies.getTransformation());
        return input.keyBy(key, Types.STRING)
                .connect(broadcastUpdates)
                .transform(name, type, new HotStateDetectorOperator<>(detector.withHotKeys(options.detectorsHotKeys()),
                        policies.getBroadcastStateDescriptors()))
                .uid(name)
                .name(name)
                .setBufferTimeout(detectorBufferMs);
    }

    /** Every flag after the flood breaker, the enforced ones, and the review tasks built from them. */
    private record Tasks(SingleOutputStreamOperator<ReviewFlag> guarded, SingleOutputStreamOperator<ReviewFlag> enforced,
            SingleOutputStreamOperator<ReviewTask> tasks) {}

    /**
     * From flags to review tasks. A rule (or detector) flooding a country is first switched to
     * shadow there: moderators are protected from a bad policy push; the flags are still counted.
     * Then moderators get tasks, not raw flags: per account its history, then per item one task
     * per episode (merged, updated, de-duplicated), routed, escalated when critical.
     */
    private Tasks tasks(DataStream<CommerceEvent> events, DataStream<ReviewFlag> flags) {
        // The breaker's share criterion needs each country's accepted events per breaker window:
        // summed per subtask before the shuffle, per country after it, and broadcast (countries are
        // few). Counted from the events rather than taken from the windowed metrics, whose input
        // includes the breaker's output: that would be a cycle.
        BroadcastStream<CountryTraffic> countryTraffic = events
                .transform("country-traffic-partials", TypeInformation.of(CountryTraffic.class),
                        new CountryTrafficPreAggregator(options.breakerWindow()))
                .uid("country-traffic-partials")
                .keyBy(t -> t.country, Types.STRING)
                .process(new CountryTrafficCounter(options.breakerWindow()))
                .uid("country-traffic").name("country-traffic")
                .broadcast(FloodBreaker.COUNTRY_TRAFFIC);
        SingleOutputStreamOperator<ReviewFlag> guarded = flags
                .keyBy(FloodBreaker::key, Types.STRING)
                .connect(countryTraffic)
                .process(new FloodBreaker(options.breakerWindow(), options.breakerMultiplier(), options.breakerMinFlags(),
                        options.breakerMaxShare()), REVIEW_FLAG)
                .uid("flood-breaker").name("flood-breaker")
                .setBufferTimeout(flagBufferMs);
        SingleOutputStreamOperator<ReviewFlag> enforced = guarded.filter(f -> "enforce".equals(f.mode))
                .uid("enforced-flags").name("enforced-flags")
                .setBufferTimeout(flagBufferMs);
        SingleOutputStreamOperator<ReviewTask> tasks = enforced
                .keyBy(f -> f.accountId == null ? "" : f.accountId, Types.STRING)
                .process(new AccountHistoryAnnotator(options.taskHistoryTtl()), REVIEW_FLAG)
                .uid("account-history").name("account-history")
                .keyBy(ReviewTaskBuilder::key, Types.STRING)
                // KeyedStream.process's operator, plus writing back the episodes a replay holds on the heap
                .transform("review-tasks", TypeInformation.of(ReviewTask.class), new HeldStateKeyedProcessOperator<>(
                        new ReviewTaskBuilder(options.taskMergeWindow(), options.taskEpisodeTtl(), options.taskRouting())
                                .withHotKeys(options.detectorsHotKeys())))
                .uid("review-tasks").name("review-tasks");
        return new Tasks(guarded, enforced, tasks);
    }

    /** Shadow samples for moderators, decisions, their verdicts, and precision with its alerts. */
    private record Feedback(SingleOutputStreamOperator<ReviewTask> shadowSamples,
            SingleOutputStreamOperator<ModeratorDecision> decisions, SingleOutputStreamOperator<Verdict> verdicts,
            SingleOutputStreamOperator<MetricsRecord> precision) {}

    /**
     * Moderators' decisions joined to the tasks (and shadow samples) they judge give rolling
     * precision per rule × country, with an alert when it falls below the floor.
     */
    private Feedback feedback(StreamExecutionEnvironment env, Tasks tasks, BroadcastStream<PolicyUpdate> policyUpdates) {
        // The breaker's output is still partitioned by rule × country: sampled per key without a shuffle.
        SingleOutputStreamOperator<ReviewTask> shadowSamples = DataStreamUtils
                .reinterpretAsKeyedStream(tasks.guarded(), FloodBreaker::key, Types.STRING)
                .process(new ShadowSampler(options.feedbackShadowSampleRate(), options.feedbackShadowMinSamples(),
                        options.taskRouting()))
                .uid("shadow-samples").name("shadow-samples");
        SingleOutputStreamOperator<ModeratorDecision> decisions = env.fromSource(decisionSource,
                        AcceptedEventWatermarks.strategy(options.maxOutOfOrderness(), options.idleness()), "decisions")
                .uid("decisions-source")
                .process(DeadLetterRouter.decisions(), TypeInformation.of(ModeratorDecision.class))
                .uid("route-decision-dead-letters").name("route-decision-dead-letters");
        SingleOutputStreamOperator<Verdict> verdicts = tasks.tasks().union(shadowSamples)
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
        return new Feedback(shadowSamples, decisions, verdicts, precision);
    }

    /** Windowed traffic and flag metrics for dashboards, with the detectors' late-event counts. */
    private DataStream<MetricsRecord> metrics(DataStream<DecodedRecord> decoded, DataStream<ReviewFlag> guarded,
            Detectors detectors) {
        DataStream<MetricsContribution> flagCounts = guarded
                .transform("flag-metrics", TypeInformation.of(MetricsContribution.class), new FlagMetrics(options.metricsWindow()))
                .uid("flag-metrics");
        for (SingleOutputStreamOperator<?> d : detectors.all()) {
            flagCounts = flagCounts.union(d.getSideOutput(PolicyAwareDetector.DETECTOR_METRICS));
        }
        return decoded
                .transform("traffic-counts", TypeInformation.of(MetricsContribution.class),
                        new TrafficPreAggregator(options.metricsWindow()))
                .uid("traffic-counts")
                .union(flagCounts)
                .keyBy(MetricsContribution::key)
                .process(new WindowedMetricsAggregator(options.metricsWindow(), options.metricsAllowedLateness()))
                .uid("windowed-metrics")
                .name("windowed-metrics");
    }

    /** Every output to its sink: flags, tasks, escalations, shadow samples, metrics, policy status, dead letters. */
    private void sinks(Events events, SingleOutputStreamOperator<ReviewFlag> ruleFlags, Detectors detectors, Tasks tasks,
            Feedback feedback, DataStream<MetricsRecord> metrics) {
        sink(tasks.enforced().sinkTo(sinks.flags).uid("flags-sink").name("flags-sink"));
        if (sinks.allFlags != null) {
            sink(tasks.guarded().sinkTo(sinks.allFlags).uid("all-flags-sink").name("all-flags-sink"));
        }
        sink(tasks.tasks().sinkTo(sinks.review).uid("review-sink").name("review-sink"));
        sink(tasks.tasks().getSideOutput(ReviewTaskBuilder.ESCALATIONS)
                .sinkTo(sinks.escalations).uid("escalation-sink").name("escalation-sink"));
        sink(feedback.shadowSamples().sinkTo(sinks.shadowSamples).uid("shadow-sample-sink").name("shadow-sample-sink"));
        sink(metrics.union(detectors.trends(), feedback.precision())
                .sinkTo(sinks.metrics).uid("metrics-sink").name("metrics-sink"));
        sink(ruleFlags.getSideOutput(PolicyEvaluator.POLICY_STATUS)
                .union(tasks.guarded().getSideOutput(FloodBreaker.ALERTS), feedback.precision().getSideOutput(PrecisionMonitor.ALERTS))
                .sinkTo(sinks.policyStatus).uid("policy-status-sink").name("policy-status-sink"));
        sink(events.accepted().getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .union(ruleFlags.getSideOutput(PolicyEvaluator.EVALUATION_ERRORS),
                        feedback.decisions().getSideOutput(DeadLetterRouter.DEAD_LETTERS),
                        feedback.verdicts().getSideOutput(DecisionJoin.UNMATCHED))
                .sinkTo(sinks.deadLetters).uid("dead-letter-sink").name("dead-letter-sink"));
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
        return flinkConfiguration(options, new Configuration());
    }

    /**
     * {@link #flinkConfiguration(JobOptions)} on a cluster whose configuration is {@code given}:
     * the RocksDB tuning below is the job's default for its access pattern, and a setting the
     * platform team made in the cluster's config.yaml (or with -D) wins over it. Job-level
     * settings would otherwise override theirs, e.g. RocksDB timers for a deployment whose heap
     * timers grow too many to checkpoint synchronously (README, "Running on a Flink cluster").
     */
    public static Configuration flinkConfiguration(JobOptions options, ReadableConfig given) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, options.stateBackend());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Detector and task timers on the heap (still in every checkpoint): a RocksDB timer costs
        // a write when set and a seek when it fires, and the detectors set one per key and bucket.
        // With Flink's state changelog, RocksDB timers: with heap timers, 9 of 34 review tasks
        // were lost across a restore in FailoverTest (cause not found); with RocksDB ones, none.
        boolean changelog = given.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG);
        if (changelog && "HEAP".equalsIgnoreCase(given.getOptional(ROCKSDB_TIMERS).orElse(""))) {
            throw new IllegalArgumentException("state.changelog.enabled needs state.backend.rocksdb.timer-service.factory: "
                    + "ROCKSDB, not HEAP (heap timers lost review tasks across a restore with the changelog; README, "
                    + "\"Running on a Flink cluster\")");
        }
        unlessGiven(conf, given, ROCKSDB_TIMERS, changelog ? "ROCKSDB" : "HEAP");
        // Most detector reads are of keys not seen yet (a new image, term or seller): a bloom
        // filter per SST file answers them without reading its blocks (+12-15 % end to end).
        unlessGiven(conf, given, ROCKSDB_BLOOM_FILTER, true);
        // Small memtables: most detector reads are of keys written minutes to an hour before, and
        // each first searches the memtable's skip list (the largest single cost in a profile).
        // 8 MB instead of 64 MB: 1 M events, file, p=2, interleaved: 98-103 s -> 88-89 s.
        unlessGiven(conf, given, ROCKSDB_WRITE_BUFFER, MemorySize.ofMebiBytes(8));
        // A checkpoint's synchronous part flushes every RocksDB instance's memtables and waits for
        // it, and the instances of a TaskManager share one pool of flush threads: at Flink's 2
        // background jobs (one flush thread) ~26 keyed tasks queued behind the largest flush, and
        // even a task with 300 KB of state stalled 400-700 ms per checkpoint. 32 jobs give 8 flush
        // threads (and up to 24 compactions, run only when due): per-task stalls 50-400 ms, rule
        // flags' p99 113-140 -> 81-103 ms and max 400-630 -> 140-240 ms, throughput unchanged.
        unlessGiven(conf, given, ROCKSDB_BACKGROUND_JOBS, 32);
        // The first two levels uncompressed, the deeper ones Snappy as Flink's default: the detectors
        // read keys written minutes to an hour before, which sit in level 0 or 1 of a small instance,
        // and decompressing their blocks was ~1 % of the job's CPU (1 M-event e2e profile: Snappy
        // 429 samples -> 0, RocksDB's native code -12 %). A large state's bulk, in the deeper
        // levels, stays compressed on disk and in checkpoints.
        unlessGiven(conf, given, ROCKSDB_COMPRESSION, "NO_COMPRESSION;NO_COMPRESSION;SNAPPY_COMPRESSION");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        // Real time: 25 ms, not Flink's 200 ms. A detector flag waits for the watermark beyond the
        // bound: at 200 ms (and 100 ms buffers into the detectors) its p99 was the bound + 300-700 ms,
        // at 25 ms (and 10 ms buffers) the bound + 82 ms, for ~8 % of the real-time maximum (BENCHMARKS.md).
        if (options.watermarkIntervalGiven()) {
            conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, options.watermarkInterval());
        } else {
            unlessGiven(conf, given, PipelineOptions.AUTO_WATERMARK_INTERVAL, options.watermarkInterval());
        }
        if (options.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
        }
        // Every type on the wire has a Flink serializer; a Kryo fallback is a bug, caught at submit.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand each record on without a deep copy. Safe here: no operator
        // changes a record it received, and the sources build a new one per input.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return conf;
    }

    /** Sets {@code option} to the job's {@code value}, unless the cluster's configuration gives it. */
    private static <T> void unlessGiven(Configuration conf, ReadableConfig given, ConfigOption<T> option, T value) {
        conf.set(option, given.getOptional(option).orElse(value));
    }

    /**
     * The cluster entry point (the jar's main class): options from the arguments and from
     * {@code shopwatch.*} keys of the cluster's Flink configuration, production sources and sinks
     * from the options. A local run goes through {@link LocalRun} instead.
     */
    public static void main(String[] args) throws Exception {
        ReadableConfig clusterConfig = StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
        JobOptions options = parseOrExit(clusterConfig, args);
        try {
            requireClusterOutputs(options);
        } catch (IllegalArgumentException e) {
            System.err.println("shopwatch: " + e.getMessage());
            System.exit(2);
        }
        ShopwatchJob job = wireOrExit(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(options, clusterConfig));
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        job.execute(env);
    }

    /**
     * On a cluster the outputs go to Kafka, or to a directory named on purpose: left at its
     * default, {@code --out} would scatter JSON-lines files over the TaskManagers' working
     * directories, where nobody reads them.
     */
    static void requireClusterOutputs(JobOptions options) {
        if (!options.usesKafka() && !options.outputDirectoryGiven()) {
            throw new IllegalArgumentException("on a cluster the job writes to Kafka (--kafka.bootstrap.servers); "
                    + "to write JSON-lines files instead, name the directory: --out DIR (a shared file system such as "
                    + "s3://bucket/shopwatch/out; a local path lands on each TaskManager)");
        }
    }

    /** The production wiring, or exit 2 with the reason (e.g. no event input). */
    static ShopwatchJob wireOrExit(JobOptions options) {
        try {
            return fromOptions(options);
        } catch (IllegalArgumentException e) {
            System.err.println("shopwatch: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    /** The options, or exit 2 with the reason: a bad option is the user's error, not a crash. */
    static JobOptions parseOrExit(ReadableConfig flinkConfig, String[] args) {
        try {
            return JobOptions.fromConfiguration(flinkConfig, args);
        } catch (IllegalArgumentException e) {
            System.err.println("shopwatch: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    /**
     * The production wiring: events from {@code --events}, Kafka or the generator; policies from
     * the policy topic (with Kafka) or the {@code --policies} directory; moderator decisions from
     * the decisions topic (with Kafka), {@code --decisions} or none; sinks Kafka or files.
     */
    public static ShopwatchJob fromOptions(JobOptions options) {
        if (options.eventInput() == null) {
            // Never fall back to synthetic traffic: a forgotten --kafka.bootstrap.servers on a
            // cluster must not start a job that moderates made-up events.
            throw new IllegalArgumentException(JobOptions.NO_EVENT_INPUT);
        }
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        Source<DecodedRecord, ?, ?> events = switch (options.eventInput()) {
            case FILES -> EventSources.files(options.eventsPath(), decoder);
            case KAFKA -> EventSources.kafka(options, decoder);
            case GENERATOR -> EventSources.generator(options, decoder);
        };
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
        JobSinks sinks = options.usesKafka() ? JobSinks.kafka(options) : JobSinks.files(options.outputDirectory());
        ShopwatchJob job = new ShopwatchJob(options, events, policies, decisions, defaults, sinks);
        if (options.eventInput() == JobOptions.EventInput.GENERATOR && options.eventInputUnbounded()) {
            // One reader for a local paced run (a trickle, --generator.rate): one index sequence
            // from 0, so ids stay short and an episode's events come in order. Its event times are
            // stamped at emission, so more readers would no longer skew event time.
            job.withEventSourceParallelism(1);
        }
        return job;
    }
}
