package com.shopwatch.pipeline.options;

import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.review.TaskRouting;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * Every option of the job, parsed once from {@code --key value} arguments. Unknown options are
 * an error (a typo must not silently fall back to a default); {@code --kafka.*} options pass
 * through to the Kafka clients so SASL/SSL and tuning need no code change.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

    /** Option name → (default, description); the README's option table mirrors this. */
    static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        opt("kafka.bootstrap.servers", null, "Kafka brokers; when set, the job reads and writes Kafka");
        opt("kafka.*", null, "any Kafka client property, passed to consumer and producers (e.g. kafka.security.protocol)");
        opt("input-topics", "listings,videos", "comma-separated input topics (one mixed topic works too)");
        opt("group-id", "shopwatch", "Kafka consumer group");
        opt("starting-offsets", "committed", "committed (earliest when none), earliest or latest");
        opt("stop-at-latest", "false", "bounded Kafka read up to the offsets at start (backtests)");
        opt("review-topic", "moderation.review", "review tasks topic (one task per item episode, upsert on task_id)");
        opt("flags-topic", "moderation.flags", "every enforce-mode flag as raised (audit, analytics)");
        opt("escalation-topic", "moderation.escalations", "critical tasks for the on-call policy lead");
        opt("decisions-topic", "moderation.decisions", "moderator decisions on tasks and shadow samples (feedback loop)");
        opt("shadow-samples-topic", "moderation.shadow-samples", "sampled shadow-mode matches, as one-reason tasks for moderators to judge");
        opt("metrics-topic", "moderation.metrics", "metrics topic");
        opt("dlq-topic", "moderation.dlq", "dead-letter topic");
        opt("policy-topic", "moderation.policies", "policy pack updates (key = pack file name, value = YAML)");
        opt("policy-status-topic", "moderation.policy-status", "accepted/rejected policy updates");
        opt("policies", "config/policies", "policy pack directory: the default set (and, without Kafka, the watched one); "
                + "falls back to the packs bundled in the jar when the directory does not exist");
        opt("policies-watch", null, "re-read --policies on change (default: when the event input is unbounded and not Kafka)");
        opt("policies-poll-interval", "2 s", "how often a watched policy directory is re-read");
        opt("delivery", "at-least-once", "at-least-once or exactly-once (Kafka transactions)");
        opt("transactional-id-prefix", "shopwatch", "prefix of Kafka transactional ids (exactly-once)");
        opt("transaction-timeout", "15 min", "Kafka producer transaction.timeout.ms (exactly-once)");
        opt("events", null, "read events from this JSONL file or directory instead of Kafka");
        opt("decisions", null, "read moderator decisions from this JSONL file or directory (without Kafka; default: none)");
        opt("generator.rate", "10", "generator: events per second (also the synthetic clock rate)");
        opt("generator.count", "20000", "generator: number of events, 0 = unbounded");
        opt("generator.seed", "42", "generator: random seed");
        opt("generator.malformed-fraction", "0.03", "generator: fraction of malformed records");
        opt("generator.violation-fraction", "0.05", "generator: fraction of policy-violating events");
        opt("out", "out", "output directory for review.jsonl, flags.jsonl, escalations.jsonl, shadow-samples.jsonl, metrics.jsonl, "
                + "dlq.jsonl, policy-status.jsonl (when not on Kafka)");
        opt("max-out-of-orderness", "5 s", "watermark bound for out-of-order events");
        opt("idleness", "30 s", "a source split with no events for this long stops holding back watermarks");
        opt("max-future-skew", "10 min", "reject events whose event_time is this far ahead of receive time");
        opt("max-payload-bytes", String.valueOf(DecoderSettings.DEFAULT_MAX_PAYLOAD_BYTES), "reject larger payloads");
        opt("dlq-payload-limit", String.valueOf(DecoderSettings.DEFAULT_DEAD_LETTER_PAYLOAD_LIMIT),
                "bytes of the raw payload kept in a dead letter");
        opt("max-nesting-depth", String.valueOf(DecoderSettings.DEFAULT_MAX_NESTING_DEPTH), "reject deeper JSON");
        opt("metrics.window", "1 min", "metrics window size (event time)");
        opt("metrics.allowed-lateness", "0 s", "late events within this bound update their window (new revision)");
        opt("detectors.allowed-lateness", "1 min", "events this far behind the watermark still count in detector windows; "
                + "later ones are counted as late_events in the detector metrics");
        opt("detectors.state-ttl", "7 d", "processing-time TTL on detector state, a safety net behind the event-time cleanup timers");
        opt("generator.abuse-rate", "1", "generator: injected abuse episodes per 1000 events (0 = none)");
        opt("tasks.merge-window", "30 s", "reasons hitting an item within this event time are merged into one task emission");
        opt("tasks.episode-ttl", "7 d", "a task's episode ends this long (event time) after its last flag; later flags open a new task");
        opt("tasks.history-ttl", "30 d", "how long an account's flagged items count towards its history (task priority)");
        opt("tasks.severity-weights", "low=1,medium=2,high=4,critical=8", "task priority: weight of the highest severity");
        opt("tasks.reach-weight", "1", "task priority: weight of log10(1 + reach)");
        opt("tasks.history-weight", "1", "task priority: weight of log10(1 + the account's other flagged items)");
        opt("tasks.queues", null, "task queues: COUNTRY[:language]=queue,... and *:language=queue; default <country>-<language>");
        opt("feedback.window", "24 h", "precision is computed over this trailing window of decision time (in 24 steps)");
        opt("feedback.precision-floor", "0.8", "alert on the policy-status stream when a rule's precision in a country falls below this "
                + "(a rule's precision_floor in the packs replaces it) ...");
        opt("feedback.min-decisions", "20", "... over at least this many violating/not-violating decisions in the window");
        opt("feedback.decision-wait", "1 h", "a decision arriving before its task waits this long (event time) before it is dead-lettered as unknown_task");
        opt("feedback.task-ttl", "30 d", "how long tasks are kept for decisions to join (processing time)");
        opt("feedback.shadow-sample-rate", "0.02", "fraction of shadow-mode matches sent to the shadow-samples output (0 = none) ...");
        opt("feedback.shadow-min-samples", "5", "... after the first this many of each rule x country per day, which are always sent");
        opt("breaker.window", "1 min", "flood breaker: event-time window in which a rule's enforce-mode flags per country are counted");
        opt("breaker.multiplier", "20", "flood breaker: trip when a window's flags exceed this many times the rule's trailing baseline");
        opt("breaker.min-flags", "50", "flood breaker: ... and exceed this floor (covers new rules without a baseline)");
        opt("breaker.max-share", "0.2", "flood breaker: also trip when a window's flags exceed this fraction of the country's "
                + "accepted events in the trailing window (and the floor above); 0 or off disables this criterion");
        opt("parallelism", null, "job parallelism (default: the cluster's / number of cores locally)");
        opt("checkpoint-interval", "30 s", "checkpoint interval");
        opt("checkpoint-dir", null, "checkpoint storage URI, e.g. s3://bucket/shopwatch/checkpoints");
        opt("state-backend", "rocksdb", "rocksdb or hashmap");
    }

    private static void opt(String name, String defaultValue, String description) {
        OPTIONS.put(name, new String[] {defaultValue, description});
    }

    private final Map<String, String> values;

    private JobOptions(Map<String, String> values) {
        this.values = values;
    }

    public static JobOptions fromArgs(String... args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        Map<String, String> values = new LinkedHashMap<>(params.toMap());
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) {
            if (!OPTIONS.containsKey(key) && !key.startsWith("kafka.")) {
                unknown.add("--" + key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; known options: " + usage());
        }
        JobOptions options = new JobOptions(values);
        options.validate();
        return options;
    }

    public static JobOptions defaults() {
        return fromArgs();
    }

    /** A copy with some options replaced, e.g. by tests. */
    public JobOptions with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        JobOptions o = new JobOptions(copy);
        o.validate();
        return o;
    }

    private void validate() {
        delivery();
        startingOffsets();
        decoderSettings();
        maxOutOfOrderness();
        idleness();
        metricsWindow();
        metricsAllowedLateness();
        detectorsAllowedLateness();
        taskMergeWindow();
        breakerWindow();
        breakerMultiplier();
        breakerMinFlags();
        breakerMaxShare();
        taskEpisodeTtl();
        taskHistoryTtl();
        taskRouting();
        detectorsStateTtl();
        feedbackWindow();
        feedbackPrecisionFloor();
        feedbackMinDecisions();
        feedbackDecisionWait();
        feedbackTaskTtl();
        feedbackShadowSampleRate();
        feedbackShadowMinSamples();
        if (decisionsPath() != null && usesKafka()) {
            throw new IllegalArgumentException("--decisions reads a file; with Kafka, decisions come from --decisions-topic");
        }
        generatorAbuseRate();
        checkpointInterval();
        policiesPollInterval();
        generatorRate();
        generatorCount();
        fraction("generator.malformed-fraction");
        fraction("generator.violation-fraction");
        stateBackend();
        if (delivery() == Delivery.EXACTLY_ONCE && transactionalIdPrefix().isBlank()) {
            throw new IllegalArgumentException("--transactional-id-prefix must not be blank with exactly-once");
        }
    }

    public static String usage() {
        StringBuilder sb = new StringBuilder();
        OPTIONS.forEach((k, v) -> sb.append("\n  --").append(k).append(v[0] == null ? "" : " (default " + v[0] + ")")
                .append(": ").append(v[1]));
        return sb.toString();
    }

    private String get(String key) {
        String v = values.get(key);
        if (v == null) {
            String[] def = OPTIONS.get(key);
            return def == null ? null : def[0];
        }
        // ParameterTool's marker for a flag given without a value, e.g. --stop-at-latest
        return v.equals("__NO_VALUE_KEY") ? "true" : v;
    }

    private Duration duration(String key) {
        try {
            return TimeUtils.parseDuration(get(key));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " '" + get(key) + "' is not a duration (e.g. 30 s, 5 min)");
        }
    }

    private long longValue(String key, long min) {
        long v;
        try {
            v = Long.parseLong(get(key).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " '" + get(key) + "' is not an integer");
        }
        if (v < min) {
            throw new IllegalArgumentException("--" + key + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    private double fraction(String key) {
        double v;
        try {
            v = Double.parseDouble(get(key).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " '" + get(key) + "' is not a number");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("--" + key + " must be within 0..1, got " + v);
        }
        return v;
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type) {
        String v = get(key).trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + " '" + get(key) + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    // ---- typed accessors ----

    public boolean usesKafka() {
        return kafkaBootstrapServers() != null;
    }

    public String kafkaBootstrapServers() {
        return get("kafka.bootstrap.servers");
    }

    /**
     * {@code kafka.*} options without the prefix and without {@code bootstrap.servers} (which the
     * connectors' builders take separately), for every Kafka client of the job.
     */
    public Properties kafkaClientProperties() {
        Properties props = kafkaProperties();
        props.remove("bootstrap.servers");
        return props;
    }

    /** All {@code kafka.*} options without the prefix, for the Kafka clients. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                props.setProperty(k.substring("kafka.".length()), v);
            }
        });
        return props;
    }

    public List<String> inputTopics() {
        List<String> topics = new ArrayList<>();
        for (String t : get("input-topics").split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("--input-topics names no topic");
        }
        return topics;
    }

    public String groupId() {
        return get("group-id");
    }

    public StartingOffsets startingOffsets() {
        return choice("starting-offsets", StartingOffsets.class);
    }

    public boolean stopAtLatest() {
        return Boolean.parseBoolean(get("stop-at-latest"));
    }

    public String flagsTopic() {
        return get("flags-topic");
    }

    public String escalationTopic() {
        return get("escalation-topic");
    }

    public String decisionsTopic() {
        return get("decisions-topic");
    }

    public String shadowSamplesTopic() {
        return get("shadow-samples-topic");
    }

    public String decisionsPath() {
        return get("decisions");
    }

    public Duration feedbackWindow() {
        Duration d = duration("feedback.window");
        if (d.toMinutes() < 24) {
            throw new IllegalArgumentException("--feedback.window must be at least 24 min (it is kept in 24 steps)");
        }
        return d;
    }

    public double feedbackPrecisionFloor() {
        return fraction("feedback.precision-floor");
    }

    public long feedbackMinDecisions() {
        return longValue("feedback.min-decisions", 1);
    }

    public Duration feedbackDecisionWait() {
        Duration d = duration("feedback.decision-wait");
        if (d.isNegative()) {
            throw new IllegalArgumentException("--feedback.decision-wait must not be negative");
        }
        return d;
    }

    public Duration feedbackTaskTtl() {
        Duration d = duration("feedback.task-ttl");
        if (d.toHours() < 1) {
            throw new IllegalArgumentException("--feedback.task-ttl must be at least 1 h");
        }
        return d;
    }

    public double feedbackShadowSampleRate() {
        return fraction("feedback.shadow-sample-rate");
    }

    public int feedbackShadowMinSamples() {
        return (int) Math.min(longValue("feedback.shadow-min-samples", 0), 1_000_000);
    }

    public Duration breakerWindow() {
        Duration d = duration("breaker.window");
        if (d.toMillis() < 1000) {
            throw new IllegalArgumentException("--breaker.window must be at least 1 s");
        }
        return d;
    }

    public double breakerMultiplier() {
        double m = fractionFree("breaker.multiplier");
        if (!(m >= 1) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("--breaker.multiplier must be >= 1, got " + get("breaker.multiplier"));
        }
        return m;
    }

    public long breakerMinFlags() {
        long n = longValue("breaker.min-flags", 1);
        return n;
    }

    /** The share criterion's ceiling as a fraction of the country's events; 0 when off. */
    public double breakerMaxShare() {
        String v = get("breaker.max-share").trim();
        if (v.equalsIgnoreCase("off")) {
            return 0;
        }
        double share;
        try {
            share = Double.parseDouble(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--breaker.max-share '" + v + "' is not a fraction (e.g. 0.2) or off");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("--breaker.max-share must be within 0..1 (0 or off disables it), got " + v);
        }
        return share;
    }

    public Duration taskMergeWindow() {
        Duration d = duration("tasks.merge-window");
        if (d.isNegative()) {
            throw new IllegalArgumentException("--tasks.merge-window must not be negative");
        }
        return d;
    }

    public Duration taskEpisodeTtl() {
        Duration d = duration("tasks.episode-ttl");
        if (d.compareTo(taskMergeWindow()) <= 0) {
            throw new IllegalArgumentException("--tasks.episode-ttl must be longer than --tasks.merge-window");
        }
        return d;
    }

    public Duration taskHistoryTtl() {
        Duration d = duration("tasks.history-ttl");
        if (d.toHours() < 1) {
            throw new IllegalArgumentException("--tasks.history-ttl must be at least 1 h");
        }
        return d;
    }

    /** Priority weights and queue mapping of the review tasks. */
    public TaskRouting taskRouting() {
        try {
            double reach = fractionFree("tasks.reach-weight");
            double history = fractionFree("tasks.history-weight");
            if (reach < 0 || history < 0) {
                throw new IllegalArgumentException("--tasks.reach-weight and --tasks.history-weight must be >= 0");
            }
            return new TaskRouting(TaskRouting.parseWeights(get("tasks.severity-weights")), reach, history,
                    TaskRouting.parseQueues(get("tasks.queues")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--") ? e.getMessage() : "--tasks.*: " + e.getMessage(), e);
        }
    }

    public String reviewTopic() {
        return get("review-topic");
    }

    public String metricsTopic() {
        return get("metrics-topic");
    }

    public String dlqTopic() {
        return get("dlq-topic");
    }

    public Delivery delivery() {
        return choice("delivery", Delivery.class);
    }

    public String transactionalIdPrefix() {
        return get("transactional-id-prefix");
    }

    public Duration transactionTimeout() {
        return duration("transaction-timeout");
    }

    public String policyTopic() {
        return get("policy-topic");
    }

    public String policyStatusTopic() {
        return get("policy-status-topic");
    }

    public String policiesDirectory() {
        return get("policies");
    }

    /** Explicit --policies-watch, or null for the default. */
    public Boolean policiesWatch() {
        String v = get("policies-watch");
        return v == null ? null : Boolean.parseBoolean(v);
    }

    public Duration policiesPollInterval() {
        return duration("policies-poll-interval");
    }

    /** True when the event input never ends: Kafka (unless --stop-at-latest) or --generator.count 0. */
    public boolean eventInputUnbounded() {
        if (eventsPath() != null) {
            return false;
        }
        return usesKafka() ? !stopAtLatest() : generatorCount() == 0;
    }

    public String eventsPath() {
        return get("events");
    }

    public double generatorRate() {
        double rate = fractionFree("generator.rate");
        if (rate <= 0) {
            throw new IllegalArgumentException("--generator.rate must be > 0, got " + rate);
        }
        return rate;
    }

    private double fractionFree(String key) {
        try {
            return Double.parseDouble(get(key).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " '" + get(key) + "' is not a number");
        }
    }

    public long generatorCount() {
        return longValue("generator.count", 0);
    }

    public long generatorSeed() {
        return longValue("generator.seed", Long.MIN_VALUE);
    }

    public double generatorMalformedFraction() {
        return fraction("generator.malformed-fraction");
    }

    public double generatorViolationFraction() {
        return fraction("generator.violation-fraction");
    }

    public String outputDirectory() {
        return get("out");
    }

    public Duration detectorsAllowedLateness() {
        Duration d = duration("detectors.allowed-lateness");
        if (d.isNegative()) {
            throw new IllegalArgumentException("--detectors.allowed-lateness must not be negative");
        }
        return d;
    }

    public Duration detectorsStateTtl() {
        Duration d = duration("detectors.state-ttl");
        if (d.toHours() < 1) {
            throw new IllegalArgumentException("--detectors.state-ttl must be at least 1 h (it must outlive every detector window)");
        }
        return d;
    }

    public double generatorAbuseRate() {
        double rate = fractionFree("generator.abuse-rate");
        if (rate < 0 || rate > 10) {
            throw new IllegalArgumentException("--generator.abuse-rate must be between 0 and 10 episodes per 1000 events, got " + rate);
        }
        return rate;
    }

    public Duration maxOutOfOrderness() {
        return duration("max-out-of-orderness");
    }

    public Duration idleness() {
        return duration("idleness");
    }

    public DecoderSettings decoderSettings() {
        return new DecoderSettings(
                (int) longValue("max-payload-bytes", 1),
                (int) longValue("dlq-payload-limit", 1),
                duration("max-future-skew"),
                (int) longValue("max-nesting-depth", 3));
    }

    public Duration metricsWindow() {
        Duration d = duration("metrics.window");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--metrics.window must be positive");
        }
        return d;
    }

    public Duration metricsAllowedLateness() {
        return duration("metrics.allowed-lateness");
    }

    public Integer parallelism() {
        String p = get("parallelism");
        return p == null ? null : (int) longValue("parallelism", 1);
    }

    public Duration checkpointInterval() {
        return duration("checkpoint-interval");
    }

    public String checkpointDir() {
        return get("checkpoint-dir");
    }

    public String stateBackend() {
        String b = get("state-backend").trim().toLowerCase(Locale.ROOT);
        if (!b.equals("rocksdb") && !b.equals("hashmap")) {
            throw new IllegalArgumentException("--state-backend must be rocksdb or hashmap, got " + b);
        }
        return b;
    }
}
