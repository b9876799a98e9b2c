package com.shopwatch.pipeline.options;

import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.pipeline.options.JobOptions.Delivery;
import com.shopwatch.pipeline.options.JobOptions.StartingOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.description.TextElement;

/**
 * Every option of the job, declared once: name, type, default and description. {@link JobOptions}
 * parses and validates them, {@link OptionsTable} renders the README's table from them, and the
 * same names with the prefix {@value #FLINK_CONFIG_PREFIX} work in Flink's configuration. Checks
 * beyond the type (ranges, cross-checks) are in {@link JobOptions}'s constructor.
 */
public final class ShopwatchOptions {
    /** Prefix of the job's options in Flink's configuration ({@code config.yaml}, {@code -D}). */
    public static final String FLINK_CONFIG_PREFIX = "shopwatch.";

    /** Options with this prefix pass through, without it, to every Kafka client. */
    public static final String KAFKA_PREFIX = "kafka.";

    // Filled by declare() in declaration order, so it must come before the declarations.
    private static final List<ConfigOption<?>> DECLARED = new ArrayList<>();

    /** All options in declaration order (the order of usage() and the README table). */
    public static final List<ConfigOption<?>> ALL = Collections.unmodifiableList(DECLARED);

    // ---- Kafka ----
    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = declare(ConfigOptions.key("kafka.bootstrap.servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka brokers; when set, the job reads and writes Kafka"));
    /** Not read as such: documents the {@value #KAFKA_PREFIX} pass-through. */
    public static final ConfigOption<String> KAFKA_CLIENT_PROPERTY = declare(ConfigOptions.key(KAFKA_PREFIX + "*")
            .stringType().noDefaultValue()
            .withDescription("any Kafka client property, passed to consumer and producers (e.g. kafka.security.protocol)"));
    public static final ConfigOption<String> INPUT_TOPICS = declare(ConfigOptions.key("input-topics")
            .stringType().defaultValue("listings,videos")
            .withDescription("comma-separated input topics (one mixed topic works too)"));
    public static final ConfigOption<String> GROUP_ID = declare(ConfigOptions.key("group-id")
            .stringType().defaultValue("shopwatch")
            .withDescription("Kafka consumer group"));
    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS = declare(ConfigOptions.key("starting-offsets")
            .enumType(StartingOffsets.class).defaultValue(StartingOffsets.COMMITTED)
            .withDescription("committed (earliest when none), earliest or latest"));
    public static final ConfigOption<Boolean> STOP_AT_LATEST = declare(ConfigOptions.key("stop-at-latest")
            .booleanType().defaultValue(false)
            .withDescription("bounded Kafka read up to the offsets at start (backtests)"));

    // ---- topics ----
    public static final ConfigOption<String> REVIEW_TOPIC = declare(ConfigOptions.key("review-topic")
            .stringType().defaultValue("moderation.review")
            .withDescription("review tasks topic (one task per item episode, upsert on task_id)"));
    public static final ConfigOption<String> FLAGS_TOPIC = declare(ConfigOptions.key("flags-topic")
            .stringType().defaultValue("moderation.flags")
            .withDescription("every enforce-mode flag as raised (audit, analytics)"));
    public static final ConfigOption<String> ESCALATION_TOPIC = declare(ConfigOptions.key("escalation-topic")
            .stringType().defaultValue("moderation.escalations")
            .withDescription("critical tasks for the on-call policy lead"));
    public static final ConfigOption<String> DECISIONS_TOPIC = declare(ConfigOptions.key("decisions-topic")
            .stringType().defaultValue("moderation.decisions")
            .withDescription("moderator decisions on tasks and shadow samples (feedback loop)"));
    public static final ConfigOption<String> SHADOW_SAMPLES_TOPIC = declare(ConfigOptions.key("shadow-samples-topic")
            .stringType().defaultValue("moderation.shadow-samples")
            .withDescription("sampled shadow-mode matches, as one-reason tasks for moderators to judge"));
    public static final ConfigOption<String> METRICS_TOPIC = declare(ConfigOptions.key("metrics-topic")
            .stringType().defaultValue("moderation.metrics")
            .withDescription("metrics topic"));
    public static final ConfigOption<String> DLQ_TOPIC = declare(ConfigOptions.key("dlq-topic")
            .stringType().defaultValue("moderation.dlq")
            .withDescription("dead-letter topic"));
    public static final ConfigOption<String> POLICY_TOPIC = declare(ConfigOptions.key("policy-topic")
            .stringType().defaultValue("moderation.policies")
            .withDescription("policy pack updates (key = pack file name, value = YAML)"));
    public static final ConfigOption<String> POLICY_STATUS_TOPIC = declare(ConfigOptions.key("policy-status-topic")
            .stringType().defaultValue("moderation.policy-status")
            .withDescription("accepted/rejected policy updates"));

    // ---- policies ----
    public static final ConfigOption<String> POLICIES = declare(ConfigOptions.key("policies")
            .stringType().defaultValue("config/policies")
            .withDescription("policy pack directory: the default set (and, without Kafka, the watched one); "
                    + "falls back to the packs bundled in the jar when the directory does not exist"));
    public static final ConfigOption<Boolean> POLICIES_WATCH = declare(ConfigOptions.key("policies-watch")
            .booleanType().noDefaultValue()
            .withDescription("re-read --policies on change (default: when the event input is unbounded and not Kafka)"));
    public static final ConfigOption<Duration> POLICIES_POLL_INTERVAL = declare(ConfigOptions.key("policies-poll-interval")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("how often a watched policy directory is re-read"));
    public static final ConfigOption<String> POLICIES_SIGNING_KEYS = declare(ConfigOptions.key("policies.signing-keys")
            .stringType().noDefaultValue()
            .withDescription("file of the keys that sign policy-topic updates, one keyId=secret a line, read where the job runs "
                    + "(the TaskManagers); keys in the environment variable SHOPWATCH_POLICY_KEYS (id1=secret1,id2=secret2) are added"));
    public static final ConfigOption<String> POLICIES_ALLOWED_KEY_IDS = declare(ConfigOptions.key("policies.allowed-key-ids")
            .stringType().noDefaultValue()
            .withDescription("comma-separated key ids whose signatures are accepted (default: every loaded key)"));
    public static final ConfigOption<Boolean> POLICIES_ALLOW_UNSIGNED = declare(ConfigOptions.key("policies.allow-unsigned")
            .booleanType().noDefaultValue()
            .withDescription("accept policy-topic updates without a signature (local runs); default false with Kafka; "
                    + "the watched --policies directory (without Kafka) is the operator's own and is never signed"));

    // ---- delivery ----
    public static final ConfigOption<Delivery> DELIVERY = declare(ConfigOptions.key("delivery")
            .enumType(Delivery.class).defaultValue(Delivery.AT_LEAST_ONCE)
            .withDescription("at-least-once or exactly-once (Kafka transactions)"));
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = declare(ConfigOptions.key("transactional-id-prefix")
            .stringType().defaultValue("shopwatch")
            .withDescription("prefix of Kafka transactional ids (exactly-once)"));
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = declare(ConfigOptions.key("transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(15))
            .withDescription("Kafka producer transaction.timeout.ms (exactly-once)"));

    // ---- file input and the generator ----
    public static final ConfigOption<JobOptions.EventInput> SOURCE = declare(ConfigOptions.key("source")
            .enumType(JobOptions.EventInput.class).noDefaultValue()
            .withDescription("event input: kafka (needs --kafka.bootstrap.servers), files (needs --events) or generator "
                    + "(synthetic traffic, only when named; bin/shopwatch run names it when given no input); default: files with "
                    + "--events, else kafka with --kafka.bootstrap.servers, else none and the job refuses to start"));
    public static final ConfigOption<String> EVENTS = declare(ConfigOptions.key("events")
            .stringType().noDefaultValue()
            .withDescription("read events from this JSONL file or directory instead of Kafka"));
    public static final ConfigOption<String> DECISIONS = declare(ConfigOptions.key("decisions")
            .stringType().noDefaultValue()
            .withDescription("read moderator decisions from this JSONL file or directory (without Kafka; default: none)"));
    public static final ConfigOption<Double> GENERATOR_RATE = declare(ConfigOptions.key("generator.rate")
            .doubleType().defaultValue(10.0)
            .withDescription("generator: events per second (also the synthetic clock rate)"));
    public static final ConfigOption<Long> GENERATOR_COUNT = declare(ConfigOptions.key("generator.count")
            .longType().defaultValue(20000L)
            .withDescription("generator: number of events, 0 = unbounded"));
    public static final ConfigOption<Long> GENERATOR_SEED = declare(ConfigOptions.key("generator.seed")
            .longType().defaultValue(42L)
            .withDescription("generator: random seed"));
    public static final ConfigOption<Double> GENERATOR_MALFORMED_FRACTION = declare(ConfigOptions.key("generator.malformed-fraction")
            .doubleType().defaultValue(0.03)
            .withDescription("generator: fraction of malformed records"));
    public static final ConfigOption<Double> GENERATOR_VIOLATION_FRACTION = declare(ConfigOptions.key("generator.violation-fraction")
            .doubleType().defaultValue(0.05)
            .withDescription("generator: fraction of policy-violating events"));
    public static final ConfigOption<String> OUT = declare(ConfigOptions.key("out")
            .stringType().defaultValue("out")
            .withDescription("output directory for review.jsonl, flags.jsonl, escalations.jsonl, shadow-samples.jsonl, "
                    + "metrics.jsonl, dlq.jsonl, policy-status.jsonl (when not on Kafka)"));

    // ---- event time and decoding ----
    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = declare(ConfigOptions.key("max-out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("watermark bound for out-of-order events"));
    public static final ConfigOption<Duration> IDLENESS = declare(ConfigOptions.key("idleness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("a source split with no events for this long stops holding back watermarks"));
    public static final ConfigOption<Duration> MAX_FUTURE_SKEW = declare(ConfigOptions.key("max-future-skew")
            .durationType().defaultValue(DecoderSettings.DEFAULT_MAX_FUTURE_SKEW)
            .withDescription("reject events whose event_time is this far ahead of receive time"));
    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES = declare(ConfigOptions.key("max-payload-bytes")
            .intType().defaultValue(DecoderSettings.DEFAULT_MAX_PAYLOAD_BYTES)
            .withDescription("reject larger payloads"));
    public static final ConfigOption<Integer> DLQ_PAYLOAD_LIMIT = declare(ConfigOptions.key("dlq-payload-limit")
            .intType().defaultValue(DecoderSettings.DEFAULT_DEAD_LETTER_PAYLOAD_LIMIT)
            .withDescription("bytes of the raw payload kept in a dead letter"));
    public static final ConfigOption<Integer> MAX_NESTING_DEPTH = declare(ConfigOptions.key("max-nesting-depth")
            .intType().defaultValue(DecoderSettings.DEFAULT_MAX_NESTING_DEPTH)
            .withDescription("reject deeper JSON"));

    // ---- metrics and detectors ----
    public static final ConfigOption<Duration> METRICS_WINDOW = declare(ConfigOptions.key("metrics.window")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("metrics window size (event time)"));
    public static final ConfigOption<Duration> METRICS_ALLOWED_LATENESS = declare(ConfigOptions.key("metrics.allowed-lateness")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("late events within this bound update their window (new revision)"));
    public static final ConfigOption<Duration> DETECTORS_ALLOWED_LATENESS = declare(ConfigOptions.key("detectors.allowed-lateness")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("events this far behind the watermark still count in detector windows; "
                    + "later ones are counted as late_events in the detector metrics"));
    public static final ConfigOption<Duration> DETECTORS_STATE_TTL = declare(ConfigOptions.key("detectors.state-ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("processing-time TTL on detector state, a safety net behind the event-time cleanup timers"));
    public static final ConfigOption<Integer> DETECTORS_HOT_KEYS = declare(ConfigOptions.key("detectors.hot-keys")
            .intType().defaultValue(0)
            .withDescription("keys per detector state and subtask whose values stay on the heap between checkpoints "
                    + "(duplicate content's images, seller velocity's accounts, price anomaly's markets up to 10000, review tasks' items up to 50000; the eldest go to the state backend "
                    + "beyond it); 0 = every change goes to the backend at once. The default is for a real-time input: "
                    + "a bounded one (files, --stop-at-latest, --generator.count N, a backtest) holds 500000 unless given"));
    public static final ConfigOption<Double> GENERATOR_ABUSE_RATE = declare(ConfigOptions.key("generator.abuse-rate")
            .doubleType().defaultValue(1.0)
            .withDescription("generator: injected abuse episodes per 1000 events (0 = none)"));

    // ---- flood breaker ----
    public static final ConfigOption<Duration> BREAKER_WINDOW = declare(ConfigOptions.key("breaker.window")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("flood breaker: event-time window in which a rule's enforce-mode flags per country are counted"));
    public static final ConfigOption<Double> BREAKER_MULTIPLIER = declare(ConfigOptions.key("breaker.multiplier")
            .doubleType().defaultValue(20.0)
            .withDescription("flood breaker: trip when a window's flags exceed this many times the rule's trailing baseline"));
    public static final ConfigOption<Long> BREAKER_MIN_FLAGS = declare(ConfigOptions.key("breaker.min-flags")
            .longType().defaultValue(50L)
            .withDescription("flood breaker: ... and exceed this floor (covers new rules without a baseline)"));
    /** Also accepts {@code off} for 0 (see JobOptions). */
    public static final ConfigOption<Double> BREAKER_MAX_SHARE = declare(ConfigOptions.key("breaker.max-share")
            .doubleType().defaultValue(0.2)
            .withDescription("flood breaker: also trip when a window's flags exceed this fraction of the country's "
                    + "accepted events in the trailing window (and the floor above); 0 or off disables this criterion"));

    // ---- review tasks ----
    public static final ConfigOption<Duration> TASKS_MERGE_WINDOW = declare(ConfigOptions.key("tasks.merge-window")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("reasons hitting an item within this event time are merged into one task emission"));
    public static final ConfigOption<Duration> TASKS_EPISODE_TTL = declare(ConfigOptions.key("tasks.episode-ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("a task's episode ends this long (event time) after its last flag; later flags open a new task"));
    public static final ConfigOption<Duration> TASKS_HISTORY_TTL = declare(ConfigOptions.key("tasks.history-ttl")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("how long an account's flagged items count towards its history (task priority)"));
    public static final ConfigOption<String> TASKS_SEVERITY_WEIGHTS = declare(ConfigOptions.key("tasks.severity-weights")
            .stringType().defaultValue("low=1,medium=2,high=4,critical=8")
            .withDescription("task priority: weight of the highest severity"));
    public static final ConfigOption<Double> TASKS_REACH_WEIGHT = declare(ConfigOptions.key("tasks.reach-weight")
            .doubleType().defaultValue(1.0)
            .withDescription("task priority: weight of log10(1 + reach)"));
    public static final ConfigOption<Double> TASKS_HISTORY_WEIGHT = declare(ConfigOptions.key("tasks.history-weight")
            .doubleType().defaultValue(1.0)
            .withDescription("task priority: weight of log10(1 + the account's other flagged items)"));
    public static final ConfigOption<String> TASKS_QUEUES = declare(ConfigOptions.key("tasks.queues")
            .stringType().noDefaultValue()
            .withDescription("task queues: COUNTRY[:language]=queue,... and *:language=queue; default <country>-<language>"));

    // ---- moderator feedback ----
    public static final ConfigOption<Duration> FEEDBACK_WINDOW = declare(ConfigOptions.key("feedback.window")
            .durationType().defaultValue(Duration.ofHours(24))
            .withDescription("precision is computed over this trailing window of decision time (in 24 steps)"));
    public static final ConfigOption<Double> FEEDBACK_PRECISION_FLOOR = declare(ConfigOptions.key("feedback.precision-floor")
            .doubleType().defaultValue(0.8)
            .withDescription("alert on the policy-status stream when a rule's precision in a country falls below this "
                    + "(a rule's precision_floor in the packs replaces it) ..."));
    public static final ConfigOption<Long> FEEDBACK_MIN_DECISIONS = declare(ConfigOptions.key("feedback.min-decisions")
            .longType().defaultValue(20L)
            .withDescription("... over at least this many violating/not-violating decisions in the window"));
    public static final ConfigOption<Duration> FEEDBACK_DECISION_WAIT = declare(ConfigOptions.key("feedback.decision-wait")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("a decision arriving before its task waits this long (event time) before it is dead-lettered "
                    + "as unknown_task"));
    public static final ConfigOption<Duration> FEEDBACK_TASK_TTL = declare(ConfigOptions.key("feedback.task-ttl")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("how long tasks are kept for decisions to join (processing time)"));
    public static final ConfigOption<Double> FEEDBACK_SHADOW_SAMPLE_RATE = declare(ConfigOptions.key("feedback.shadow-sample-rate")
            .doubleType().defaultValue(0.02)
            .withDescription("fraction of shadow-mode matches sent to the shadow-samples output (0 = none) ..."));
    public static final ConfigOption<Long> FEEDBACK_SHADOW_MIN_SAMPLES = declare(ConfigOptions.key("feedback.shadow-min-samples")
            .longType().defaultValue(5L)
            .withDescription("... after the first this many of each rule x country per day, which are always sent"));

    // ---- runtime ----
    public static final ConfigOption<Integer> PARALLELISM = declare(ConfigOptions.key("parallelism")
            .intType().noDefaultValue()
            .withDescription("job parallelism (default: the cluster's / number of cores locally)"));
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = declare(ConfigOptions.key("checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("checkpoint interval"));
    public static final ConfigOption<String> CHECKPOINT_DIR = declare(ConfigOptions.key("checkpoint-dir")
            .stringType().noDefaultValue()
            .withDescription("checkpoint storage URI, e.g. s3://bucket/shopwatch/checkpoints"));
    public static final ConfigOption<String> STATE_BACKEND = declare(ConfigOptions.key("state-backend")
            .stringType().defaultValue("rocksdb")
            .withDescription("rocksdb or hashmap"));
    public static final ConfigOption<Duration> FLAG_BUFFER_TIMEOUT = declare(ConfigOptions.key("flag-buffer-timeout")
            .durationType().defaultValue(Duration.ofMillis(5))
            .withDescription("how long network buffers on the rule-flag path (policy evaluation, flood breaker) may wait to "
                    + "fill: lower means lower flag latency at some throughput (see BENCHMARKS.md); event shuffles keep "
                    + "Flink's setting. The default is for a real-time input: a bounded one (files, --stop-at-latest, "
                    + "--generator.count N) is a replay and flushes at Flink's 100 ms unless this is given"));
    public static final ConfigOption<Duration> DETECTOR_BUFFER_TIMEOUT = declare(ConfigOptions.key("detector-buffer-timeout")
            .durationType().defaultValue(Duration.ofMillis(10))
            .withDescription("how long the buffers into and out of the detectors may wait to fill: the events' carry the "
                    + "watermark that held events wait for, the flags' the flags; each flush wakes the receiving task "
                    + "(10 ms and --watermark-interval 25 ms cost ~8 % of the real-time maximum, see BENCHMARKS.md); a "
                    + "bounded input flushes at 100 ms unless this is given, as for --flag-buffer-timeout"));
    public static final ConfigOption<Duration> WATERMARK_INTERVAL = declare(ConfigOptions.key("watermark-interval")
            .durationType().defaultValue(Duration.ofMillis(25))
            .withDescription("how often the event source emits a watermark (Flink's pipeline.auto-watermark-interval, "
                    + "which a cluster's configuration may set instead): detector flags wait for the watermark to pass "
                    + "their event, so each waits up to this long beyond --max-out-of-orderness. The default is for a "
                    + "real-time input: a bounded one is a replay and keeps Flink's 200 ms unless this is given"));

    private ShopwatchOptions() {}

    private static <T> ConfigOption<T> declare(ConfigOption<T> option) {
        DECLARED.add(option);
        return option;
    }

    /** True for a declared option name or a {@value #KAFKA_PREFIX} pass-through. */
    static boolean isKnown(String name) {
        return name.startsWith(KAFKA_PREFIX) || ALL.stream().anyMatch(o -> o.key().equals(name));
    }

    /** The plain text given to {@code withDescription(String)}. */
    static String description(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        option.description().getBlocks().forEach(block -> text.append(((TextElement) block).getFormat()));
        return text.toString();
    }
}
