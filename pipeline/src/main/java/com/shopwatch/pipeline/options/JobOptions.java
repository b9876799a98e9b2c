package com.shopwatch.pipeline.options;

import static com.shopwatch.pipeline.options.ShopwatchOptions.*;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.ParameterTool;

/**
 * Every option of the job (declared in {@link ShopwatchOptions}), parsed and validated once at
 * construction from {@code --key value} arguments and {@code shopwatch.<key>} entries of Flink's
 * configuration. Unknown options are an error (a typo must not silently fall back to a default);
 * {@code --kafka.*} options pass through to the Kafka clients so SASL/SSL and tuning need no code
 * change. Holds only serializable values, as Flink functions capture it.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 2L;

    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

    /** Where the job's events come from; synthetic traffic only when asked for by name. */
    public enum EventInput { KAFKA, FILES, GENERATOR }

    /** Why a job with no event input will not start: it names the three ways to give one. */
    public static final String NO_EVENT_INPUT = "no event input: give --kafka.bootstrap.servers (Kafka topics), "
            + "--events FILE_OR_DIR (JSONL files) or --source generator (synthetic traffic)";

    /** ParameterTool's marker for a flag given without a value, e.g. --stop-at-latest. */
    private static final String FLAG_WITHOUT_VALUE = "__NO_VALUE_KEY";

    /** The options' texts as given (Flink configuration overlaid by arguments); with() starts from them. */
    private final LinkedHashMap<String, String> given;

    private final String kafkaBootstrapServers;
    private final Properties kafkaProperties;
    private final List<String> inputTopics;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final boolean stopAtLatest;
    private final String reviewTopic;
    private final String flagsTopic;
    private final String escalationTopic;
    private final String decisionsTopic;
    private final String shadowSamplesTopic;
    private final String metricsTopic;
    private final String dlqTopic;
    private final String policyTopic;
    private final String policyStatusTopic;
    private final String policiesDirectory;
    private final Boolean policiesWatch;
    private final Duration policiesPollInterval;
    private final String policiesSigningKeys;
    /** Null: every loaded key is allowed. */
    private final ArrayList<String> policiesAllowedKeyIds;
    private final boolean policiesAllowUnsigned;
    private final Delivery delivery;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final String eventsPath;
    private final EventInput eventInput;
    private final String decisionsPath;
    private final double generatorRate;
    private final long generatorCount;
    private final long generatorSeed;
    private final double generatorMalformedFraction;
    private final double generatorViolationFraction;
    private final String outputDirectory;
    private final boolean outputDirectoryGiven;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final DecoderSettings decoderSettings;
    private final Duration metricsWindow;
    private final Duration metricsAllowedLateness;
    private final Duration detectorsAllowedLateness;
    private final Duration detectorsStateTtl;
    private final int detectorsHotKeys;
    private final double generatorAbuseRate;
    private final Duration taskMergeWindow;
    private final Duration taskEpisodeTtl;
    private final Duration taskHistoryTtl;
    private final TaskRouting taskRouting;
    private final Duration feedbackWindow;
    private final double feedbackPrecisionFloor;
    private final long feedbackMinDecisions;
    private final Duration feedbackDecisionWait;
    private final Duration feedbackTaskTtl;
    private final double feedbackShadowSampleRate;
    private final int feedbackShadowMinSamples;
    private final Duration breakerWindow;
    private final double breakerMultiplier;
    private final long breakerMinFlags;
    private final double breakerMaxShare;
    private final Integer parallelism;
    private final Duration checkpointInterval;
    private final String checkpointDir;
    private final String stateBackend;
    /** The flag and detector paths' buffer timeout on a bounded input unless given: Flink's default. */
    public static final Duration REPLAY_BUFFER_TIMEOUT = Duration.ofMillis(100);
    /** Keys per detector state and subtask held on the heap in a replay when none is given. */
    public static final int REPLAY_HOT_KEYS = 500_000;
    /** A replay's watermark interval when none is given: Flink's default. */
    public static final Duration REPLAY_WATERMARK_INTERVAL = Duration.ofMillis(200);
    private final Duration watermarkInterval;
    private final Duration flagBufferTimeout;
    private final Duration detectorBufferTimeout;

    /** Parses and validates every option; the getters only return the results. */
    private JobOptions(LinkedHashMap<String, String> given) {
        this.given = given;

        kafkaBootstrapServers = string(KAFKA_BOOTSTRAP_SERVERS);
        kafkaProperties = new Properties();
        given.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafkaProperties.setProperty(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        inputTopics = topicList(INPUT_TOPICS);
        groupId = string(GROUP_ID);
        startingOffsets = choice(STARTING_OFFSETS, StartingOffsets.class);
        stopAtLatest = flag(STOP_AT_LATEST);

        reviewTopic = string(REVIEW_TOPIC);
        flagsTopic = string(FLAGS_TOPIC);
        escalationTopic = string(ESCALATION_TOPIC);
        decisionsTopic = string(DECISIONS_TOPIC);
        shadowSamplesTopic = string(SHADOW_SAMPLES_TOPIC);
        metricsTopic = string(METRICS_TOPIC);
        dlqTopic = string(DLQ_TOPIC);
        policyTopic = string(POLICY_TOPIC);
        policyStatusTopic = string(POLICY_STATUS_TOPIC);

        policiesDirectory = string(POLICIES);
        policiesWatch = flag(POLICIES_WATCH);
        policiesPollInterval = duration(POLICIES_POLL_INTERVAL);
        policiesSigningKeys = string(POLICIES_SIGNING_KEYS);
        String allowedIds = string(POLICIES_ALLOWED_KEY_IDS);
        if (allowedIds == null) {
            policiesAllowedKeyIds = null;
        } else {
            policiesAllowedKeyIds = new ArrayList<>();
            for (String id : allowedIds.split(",")) {
                String trimmed = id.strip();
                if (!trimmed.matches("[A-Za-z0-9._-]{1,64}")) {
                    throw new IllegalArgumentException("--policies.allowed-key-ids: key ids are 1 to 64 of A-Z a-z 0-9 . _ - "
                            + "separated by commas");
                }
                policiesAllowedKeyIds.add(trimmed);
            }
        }
        Boolean allowUnsigned = flag(POLICIES_ALLOW_UNSIGNED);
        if (Boolean.FALSE.equals(allowUnsigned) && kafkaBootstrapServers == null) {
            throw new IllegalArgumentException("--policies.allow-unsigned false needs the policy topic (--kafka.bootstrap.servers): "
                    + "the watched --policies directory is not signed");
        }
        // With Kafka, anyone who can write the policy topic could change enforcement: signatures by default.
        policiesAllowUnsigned = allowUnsigned != null ? allowUnsigned : kafkaBootstrapServers == null;

        delivery = choice(DELIVERY, Delivery.class);
        transactionalIdPrefix = string(TRANSACTIONAL_ID_PREFIX);
        if (delivery == Delivery.EXACTLY_ONCE && transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("--transactional-id-prefix must not be blank with exactly-once");
        }
        transactionTimeout = duration(TRANSACTION_TIMEOUT);

        eventsPath = string(EVENTS);
        eventInput = eventInput(choice(SOURCE, EventInput.class));
        decisionsPath = string(DECISIONS);
        if (decisionsPath != null && kafkaBootstrapServers != null) {
            throw new IllegalArgumentException("--decisions reads a file; with Kafka, decisions come from --decisions-topic");
        }
        generatorRate = number(GENERATOR_RATE);
        if (generatorRate <= 0) {
            throw new IllegalArgumentException("--generator.rate must be > 0, got " + generatorRate);
        }
        generatorCount = longValue(GENERATOR_COUNT, 0);
        generatorSeed = longValue(GENERATOR_SEED, Long.MIN_VALUE);
        generatorMalformedFraction = fraction(GENERATOR_MALFORMED_FRACTION);
        generatorViolationFraction = fraction(GENERATOR_VIOLATION_FRACTION);
        outputDirectory = string(OUT);
        outputDirectoryGiven = given.containsKey(OUT.key());

        maxOutOfOrderness = duration(MAX_OUT_OF_ORDERNESS);
        idleness = duration(IDLENESS);
        decoderSettings = new DecoderSettings(
                intValue(MAX_PAYLOAD_BYTES, 1),
                intValue(DLQ_PAYLOAD_LIMIT, 1),
                duration(MAX_FUTURE_SKEW),
                intValue(MAX_NESTING_DEPTH, 3));

        metricsWindow = duration(METRICS_WINDOW);
        if (metricsWindow.isZero() || metricsWindow.isNegative()) {
            throw new IllegalArgumentException("--metrics.window must be positive");
        }
        metricsAllowedLateness = duration(METRICS_ALLOWED_LATENESS);
        detectorsAllowedLateness = notNegative(DETECTORS_ALLOWED_LATENESS);
        detectorsStateTtl = duration(DETECTORS_STATE_TTL);
        if (detectorsStateTtl.toHours() < 1) {
            throw new IllegalArgumentException("--detectors.state-ttl must be at least 1 h (it must outlive every detector window)");
        }
        generatorAbuseRate = number(GENERATOR_ABUSE_RATE);
        if (generatorAbuseRate < 0 || generatorAbuseRate > 10) {
            throw new IllegalArgumentException("--generator.abuse-rate must be between 0 and 10 episodes per 1000 events, got "
                    + generatorAbuseRate);
        }

        taskMergeWindow = notNegative(TASKS_MERGE_WINDOW);
        taskEpisodeTtl = duration(TASKS_EPISODE_TTL);
        if (taskEpisodeTtl.compareTo(taskMergeWindow) <= 0) {
            throw new IllegalArgumentException("--tasks.episode-ttl must be longer than --tasks.merge-window");
        }
        taskHistoryTtl = atLeastOneHour(TASKS_HISTORY_TTL);
        taskRouting = parseTaskRouting(TASKS_SEVERITY_WEIGHTS, TASKS_REACH_WEIGHT, TASKS_HISTORY_WEIGHT, TASKS_QUEUES);

        feedbackWindow = duration(FEEDBACK_WINDOW);
        if (feedbackWindow.toMinutes() < 24) {
            throw new IllegalArgumentException("--feedback.window must be at least 24 min (it is kept in 24 steps)");
        }
        feedbackPrecisionFloor = fraction(FEEDBACK_PRECISION_FLOOR);
        feedbackMinDecisions = longValue(FEEDBACK_MIN_DECISIONS, 1);
        feedbackDecisionWait = notNegative(FEEDBACK_DECISION_WAIT);
        feedbackTaskTtl = atLeastOneHour(FEEDBACK_TASK_TTL);
        feedbackShadowSampleRate = fraction(FEEDBACK_SHADOW_SAMPLE_RATE);
        feedbackShadowMinSamples = (int) Math.min(longValue(FEEDBACK_SHADOW_MIN_SAMPLES, 0), 1_000_000);

        breakerWindow = duration(BREAKER_WINDOW);
        if (breakerWindow.toMillis() < 1000) {
            throw new IllegalArgumentException("--breaker.window must be at least 1 s");
        }
        breakerMultiplier = number(BREAKER_MULTIPLIER);
        if (!(breakerMultiplier >= 1) || Double.isInfinite(breakerMultiplier)) {
            throw new IllegalArgumentException("--breaker.multiplier must be >= 1, got " + textOr(BREAKER_MULTIPLIER, breakerMultiplier));
        }
        breakerMinFlags = longValue(BREAKER_MIN_FLAGS, 1);
        breakerMaxShare = shareOrOff(BREAKER_MAX_SHARE);

        parallelism = given.containsKey(PARALLELISM.key()) ? intValue(PARALLELISM, 1) : null;
        checkpointInterval = duration(CHECKPOINT_INTERVAL);
        checkpointDir = string(CHECKPOINT_DIR);
        String backend = string(STATE_BACKEND).trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
            throw new IllegalArgumentException("--state-backend must be rocksdb or hashmap, got " + backend);
        }
        stateBackend = backend;
        // A replay (a bounded input: files, --stop-at-latest, --generator.count N) wants throughput,
        // not a flag within milliseconds: its flag and detector paths flush at Flink's default,
        // unless given. The short defaults are for real time: each flush wakes the receiving task,
        // and on a 400 000-event file they cost 13-15 % of the job's CPU (BENCHMARKS.md).
        boolean replay = eventInput != null && !eventInputUnbounded();
        flagBufferTimeout = unlessReplay(replay, FLAG_BUFFER_TIMEOUT, REPLAY_BUFFER_TIMEOUT, this::notNegative);
        if (flagBufferTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--flag-buffer-timeout must be at most 1 min, got " + textOr(FLAG_BUFFER_TIMEOUT, flagBufferTimeout));
        }
        // Likewise the watermark: in real time, a detector flag waits for it beyond the bound.
        watermarkInterval = unlessReplay(replay, WATERMARK_INTERVAL, REPLAY_WATERMARK_INTERVAL, this::duration);
        if (watermarkInterval.compareTo(Duration.ofMillis(1)) < 0 || watermarkInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--watermark-interval must be between 1 ms and 1 min, got "
                    + textOr(WATERMARK_INTERVAL, watermarkInterval));
        }
        detectorBufferTimeout = unlessReplay(replay, DETECTOR_BUFFER_TIMEOUT, REPLAY_BUFFER_TIMEOUT, this::notNegative);
        // Heap-held detector state pays in a replay, where a key often lives and goes between two
        // checkpoints; in real time nearly every held key is written back at the checkpoint, in
        // its synchronous part, which would stall the detectors' flags.
        detectorsHotKeys = unlessReplay(replay, DETECTORS_HOT_KEYS, REPLAY_HOT_KEYS, o -> intValue(o, 0));
        if (detectorBufferTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--detector-buffer-timeout must be at most 1 min, got "
                    + textOr(DETECTOR_BUFFER_TIMEOUT, detectorBufferTimeout));
        }
    }

    public static JobOptions fromArgs(String... args) {
        return fromConfiguration(new Configuration(), args);
    }

    /**
     * Options from Flink's configuration ({@code shopwatch.<option>} in config.yaml or
     * {@code -Dshopwatch.<option>=...}, including {@code shopwatch.kafka.<property>}) and from
     * {@code --option value} arguments, which win; the declared defaults apply to the rest.
     */
    public static JobOptions fromConfiguration(ReadableConfig flinkConfig, String... args) {
        Map<String, String> arguments = parseArguments(args);
        Set<String> unknownArguments = new TreeSet<>();
        for (String key : arguments.keySet()) {
            if (key.contains("=")) {
                // The value would become part of the name: a Kafka property named after its (maybe secret) value.
                throw new IllegalArgumentException("give options as --name value, not --name=value: --"
                        + key.substring(0, key.indexOf('=')) + " value");
            }
            if (!ShopwatchOptions.isKnown(key)) {
                unknownArguments.add("--" + key);
            }
        }
        if (!unknownArguments.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknownArguments + "; known options: " + usage());
        }
        LinkedHashMap<String, String> given = new LinkedHashMap<>();
        Set<String> unknownConfigKeys = new TreeSet<>();
        // sorted, so the kafka.* properties keep one order whatever the configuration's map is
        new TreeMap<>(flinkConfig.toMap()).forEach((key, value) -> {
            if (key.startsWith(FLINK_CONFIG_PREFIX)) {
                String option = key.substring(FLINK_CONFIG_PREFIX.length());
                if (ShopwatchOptions.isKnown(option)) {
                    given.put(option, value);
                } else {
                    unknownConfigKeys.add(key);
                }
            }
        });
        if (!unknownConfigKeys.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknownConfigKeys + " in Flink's configuration; "
                    + FLINK_CONFIG_PREFIX + "<option> sets --<option>, known options: " + usage());
        }
        arguments.forEach((key, value) -> given.put(key, value.equals(FLAG_WITHOUT_VALUE) ? "true" : value));
        return new JobOptions(given);
    }

    /**
     * ParameterTool's parse, with an error that says where without quoting the arguments (its own
     * message lists them all, a JAAS line's password included).
     */
    private static Map<String, String> parseArguments(String[] args) {
        try {
            return ParameterTool.fromArgs(args).toMap();
        } catch (IllegalArgumentException e) {
            String option = null;
            boolean valueTaken = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                boolean isOption = arg.startsWith("-") && !isNumber(arg);
                if (isOption && !arg.replace("-", "").isEmpty()) {
                    option = arg;
                    valueTaken = false;
                } else if (!isOption && !valueTaken) {
                    valueTaken = true;
                } else {
                    throw new IllegalArgumentException("argument " + (i + 1) + " of " + args.length + " is "
                            + (isOption ? "an empty option name" : "neither an --option nor its value")
                            + (option == null ? "" : " (it follows " + option + "; quote a value that contains spaces)"));
                }
            }
            throw new IllegalArgumentException("the arguments are not --name value pairs");
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The mask for a secret's value wherever options are shown. */
    public static final String MASK = "****";

    /**
     * Whether an option's value is a secret (Kafka's password-type properties and anything named
     * like one): never shown, only {@link #MASK}.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
                || k.contains("credential") || k.contains("apikey") || k.contains("api-key")
                || k.endsWith(".key") || k.contains("signing-key") || k.endsWith("keystore.certificate.chain");
    }

    /** The options as given, secrets masked (safe to log). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("JobOptions{");
        String separator = "";
        for (Map.Entry<String, String> e : given.entrySet()) {
            sb.append(separator).append(e.getKey()).append('=').append(isSecret(e.getKey()) ? MASK : e.getValue());
            separator = ", ";
        }
        return sb.append('}').toString();
    }

    public static JobOptions defaults() {
        return fromArgs();
    }

    /** A copy with some options replaced, e.g. by tests. */
    public JobOptions with(String key, String value) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(given);
        copy.put(key, value);
        return new JobOptions(copy);
    }

    public static String usage() {
        StringBuilder sb = new StringBuilder();
        for (ConfigOption<?> option : ShopwatchOptions.ALL) {
            String shownDefault = OptionsTable.displayDefault(option);
            sb.append("\n  --").append(option.key()).append(shownDefault == null ? "" : " (default " + shownDefault + ")")
                    .append(": ").append(ShopwatchOptions.description(option));
        }
        return sb.toString();
    }

    // ---- parsing: Flink's conversion for the option's type, with the job's own error messages ----

    /**
     * The option's value: its text converted by Flink for the option's type (after {@code prepare}),
     * or the declared default (null when none) if it was not given.
     */
    private <T> T read(ConfigOption<T> option, UnaryOperator<String> prepare, Function<String, String> notParsedMessage) {
        String text = given.get(option.key());
        if (text == null) {
            return option.hasDefaultValue() ? option.defaultValue() : null;
        }
        try {
            return Configuration.fromMap(Map.of(option.key(), prepare.apply(text))).get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(notParsedMessage.apply(text));
        }
    }

    private <T> T read(ConfigOption<T> option, UnaryOperator<String> prepare, String notParsed) {
        return read(option, prepare, text -> "--" + option.key() + " '" + text + "' " + notParsed);
    }

    /** The text as given, for messages; the value itself for a default. */
    private String textOr(ConfigOption<?> option, Object value) {
        String text = given.get(option.key());
        return text != null ? text : String.valueOf(value);
    }

    private String string(ConfigOption<String> option) {
        return read(option, text -> text, "is not a string");
    }

    private Boolean flag(ConfigOption<Boolean> option) {
        return read(option, String::trim, "is not true or false");
    }

    private Duration duration(ConfigOption<Duration> option) {
        return read(option, text -> text, "is not a duration (e.g. 30 s, 5 min)");
    }

    /**
     * {@code option} read by {@code read}, whose default is for real time; a replay that does not
     * give it takes {@code replayDefault} instead.
     */
    private <T> T unlessReplay(boolean replay, ConfigOption<T> option, T replayDefault,
            java.util.function.Function<ConfigOption<T>, T> read) {
        return replay && !given.containsKey(option.key()) ? replayDefault : read.apply(option);
    }

    private Duration notNegative(ConfigOption<Duration> option) {
        Duration d = duration(option);
        if (d.isNegative()) {
            throw new IllegalArgumentException("--" + option.key() + " must not be negative");
        }
        return d;
    }

    private Duration atLeastOneHour(ConfigOption<Duration> option) {
        Duration d = duration(option);
        if (d.toHours() < 1) {
            throw new IllegalArgumentException("--" + option.key() + " must be at least 1 h");
        }
        return d;
    }

    private long longValue(ConfigOption<Long> option, long min) {
        long v = read(option, String::trim, "is not an integer");
        if (v < min) {
            throw new IllegalArgumentException("--" + option.key() + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    private int intValue(ConfigOption<Integer> option, int min) {
        int v = read(option, String::trim, "is not an integer");
        if (v < min) {
            throw new IllegalArgumentException("--" + option.key() + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    private double number(ConfigOption<Double> option) {
        return read(option, String::trim, "is not a number");
    }

    private double fraction(ConfigOption<Double> option) {
        double v = number(option);
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("--" + option.key() + " must be within 0..1, got " + v);
        }
        return v;
    }

    /** Accepts the user-facing spelling ({@code at-least-once}) as well as the constant's name. */
    private <E extends Enum<E>> E choice(ConfigOption<E> option, Class<E> type) {
        return read(option, text -> text.trim().toUpperCase(Locale.ROOT).replace('-', '_'),
                "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private List<String> topicList(ConfigOption<String> option) {
        List<String> topics = new ArrayList<>();
        for (String t : string(option).split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("--" + option.key() + " names no topic");
        }
        return List.copyOf(topics);
    }

    /** A fraction, or {@code off} for 0 (the share criterion disabled). */
    private double shareOrOff(ConfigOption<Double> option) {
        double share = read(option, text -> text.trim().equalsIgnoreCase("off") ? "0" : text.trim(),
                text -> "--" + option.key() + " '" + text.trim() + "' is not a fraction (e.g. 0.2) or off");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("--" + option.key() + " must be within 0..1 (0 or off disables it), got "
                    + textOr(option, share).trim());
        }
        return share;
    }

    private TaskRouting parseTaskRouting(ConfigOption<String> severityWeights, ConfigOption<Double> reachWeight,
            ConfigOption<Double> historyWeight, ConfigOption<String> queues) {
        try {
            double reach = number(reachWeight);
            double history = number(historyWeight);
            if (reach < 0 || history < 0) {
                throw new IllegalArgumentException("--tasks.reach-weight and --tasks.history-weight must be >= 0");
            }
            return new TaskRouting(TaskRouting.parseWeights(string(severityWeights)), reach, history,
                    TaskRouting.parseQueues(string(queues)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--") ? e.getMessage() : "--tasks.*: " + e.getMessage(), e);
        }
    }

    // ---- typed accessors ----

    public boolean usesKafka() {
        return kafkaBootstrapServers != null;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
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

    /** All {@code kafka.*} options without the prefix, for the Kafka clients (a copy: callers add to it). */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        return props;
    }

    public List<String> inputTopics() {
        return inputTopics;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    public boolean stopAtLatest() {
        return stopAtLatest;
    }

    public String flagsTopic() {
        return flagsTopic;
    }

    public String escalationTopic() {
        return escalationTopic;
    }

    public String decisionsTopic() {
        return decisionsTopic;
    }

    public String shadowSamplesTopic() {
        return shadowSamplesTopic;
    }

    public String decisionsPath() {
        return decisionsPath;
    }

    public Duration feedbackWindow() {
        return feedbackWindow;
    }

    public double feedbackPrecisionFloor() {
        return feedbackPrecisionFloor;
    }

    public long feedbackMinDecisions() {
        return feedbackMinDecisions;
    }

    public Duration feedbackDecisionWait() {
        return feedbackDecisionWait;
    }

    public Duration feedbackTaskTtl() {
        return feedbackTaskTtl;
    }

    public double feedbackShadowSampleRate() {
        return feedbackShadowSampleRate;
    }

    public int feedbackShadowMinSamples() {
        return feedbackShadowMinSamples;
    }

    public Duration breakerWindow() {
        return breakerWindow;
    }

    public double breakerMultiplier() {
        return breakerMultiplier;
    }

    public long breakerMinFlags() {
        return breakerMinFlags;
    }

    /** The share criterion's ceiling as a fraction of the country's events; 0 when off. */
    public double breakerMaxShare() {
        return breakerMaxShare;
    }

    public Duration taskMergeWindow() {
        return taskMergeWindow;
    }

    public Duration taskEpisodeTtl() {
        return taskEpisodeTtl;
    }

    public Duration taskHistoryTtl() {
        return taskHistoryTtl;
    }

    /** Priority weights and queue mapping of the review tasks. */
    public TaskRouting taskRouting() {
        return taskRouting;
    }

    public String reviewTopic() {
        return reviewTopic;
    }

    public String metricsTopic() {
        return metricsTopic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    public Delivery delivery() {
        return delivery;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public String policyTopic() {
        return policyTopic;
    }

    public String policyStatusTopic() {
        return policyStatusTopic;
    }

    public String policiesDirectory() {
        return policiesDirectory;
    }

    /** Explicit --policies-watch, or null for the default. */
    public Boolean policiesWatch() {
        return policiesWatch;
    }

    public Duration policiesPollInterval() {
        return policiesPollInterval;
    }

    /** The key file for signed policy updates (--policies.signing-keys), or null. */
    public String policiesSigningKeys() {
        return policiesSigningKeys;
    }

    /** The key ids whose signatures are accepted, or null for every loaded key. */
    public List<String> policiesAllowedKeyIds() {
        return policiesAllowedKeyIds == null ? null : List.copyOf(policiesAllowedKeyIds);
    }

    /** Whether policy-topic updates may come unsigned: --policies.allow-unsigned, default false with Kafka. */
    public boolean policiesAllowUnsigned() {
        return policiesAllowUnsigned;
    }

    /** True when the event input never ends: Kafka (unless --stop-at-latest) or --generator.count 0. */
    public boolean eventInputUnbounded() {
        if (eventInput == null) {
            return false;
        }
        return switch (eventInput) {
            case FILES -> false;
            case KAFKA -> !stopAtLatest;
            case GENERATOR -> generatorCount == 0;
        };
    }

    /** The event input named by --source or implied by --events / --kafka.bootstrap.servers; null when none. */
    public EventInput eventInput() {
        return eventInput;
    }

    private EventInput eventInput(EventInput named) {
        if (named == null) {
            return eventsPath != null ? EventInput.FILES : kafkaBootstrapServers != null ? EventInput.KAFKA : null;
        }
        if (named == EventInput.KAFKA && kafkaBootstrapServers == null) {
            throw new IllegalArgumentException("--source kafka needs --kafka.bootstrap.servers");
        }
        if (named == EventInput.FILES && eventsPath == null) {
            throw new IllegalArgumentException("--source files needs --events FILE_OR_DIR");
        }
        if (named != EventInput.FILES && eventsPath != null) {
            throw new IllegalArgumentException("--events reads files, but --source names " + named.name().toLowerCase(Locale.ROOT));
        }
        return named;
    }

    public String eventsPath() {
        return eventsPath;
    }

    public double generatorRate() {
        return generatorRate;
    }

    public long generatorCount() {
        return generatorCount;
    }

    public long generatorSeed() {
        return generatorSeed;
    }

    public double generatorMalformedFraction() {
        return generatorMalformedFraction;
    }

    public double generatorViolationFraction() {
        return generatorViolationFraction;
    }

    /** True when --out was named (an argument or shopwatch.out), not left at its default. */
    public boolean outputDirectoryGiven() {
        return outputDirectoryGiven;
    }

    public String outputDirectory() {
        return outputDirectory;
    }

    public Duration detectorsAllowedLateness() {
        return detectorsAllowedLateness;
    }

    public Duration detectorsStateTtl() {
        return detectorsStateTtl;
    }

    /** Keys per detector state and subtask held on the heap between checkpoints; 0: none. */
    public int detectorsHotKeys() {
        return detectorsHotKeys;
    }

    public double generatorAbuseRate() {
        return generatorAbuseRate;
    }

    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }

    public Duration idleness() {
        return idleness;
    }

    public DecoderSettings decoderSettings() {
        return decoderSettings;
    }

    public Duration metricsWindow() {
        return metricsWindow;
    }

    public Duration metricsAllowedLateness() {
        return metricsAllowedLateness;
    }

    public Integer parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public String checkpointDir() {
        return checkpointDir;
    }

    /** How long the flag path's network buffers may wait to fill before they are sent. */
    public Duration flagBufferTimeout() {
        return flagBufferTimeout;
    }

    public Duration detectorBufferTimeout() {
        return detectorBufferTimeout;
    }

    /** How often the event source emits a watermark (see {@link ShopwatchOptions#WATERMARK_INTERVAL}). */
    public Duration watermarkInterval() {
        return watermarkInterval;
    }

    /** True when --watermark-interval was given (it then wins over the cluster's pipeline.auto-watermark-interval). */
    public boolean watermarkIntervalGiven() {
        return given.containsKey(WATERMARK_INTERVAL.key());
    }

    public String stateBackend() {
        return stateBackend;
    }
}
