package com.shopwatch.benchmarks;

import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import com.shopwatch.pipeline.LocalRun;
import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.EventSources;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Ingestion → flag latency: the whole job (RocksDB, checkpoints every 30 s, every detector) on
 * paced synthetic traffic whose events are stamped as the source emits them. Each flag leaving
 * the flood breaker is timed against the wall-clock instant the source received its event, rule
 * flags and detector flags apart, and per kind of flag. Shadow flags count too: their path is the
 * enforced flags' (the filter on mode is chained to the breaker), and a breaker trip during the
 * warm-up would otherwise leave a run with a tenth of its sample. The first seconds (start-up,
 * JIT) are left out.
 */
public final class LatencyBenchmark {
    private LatencyBenchmark() {}

    /** Flags timed by the sink since the last reset (same JVM: the MiniCluster runs here). */
    private static final List<Timed> TIMED = new ArrayList<>();

    /**
     * One flag: ingestion to the sink, and ingestion to its detection (the operator that raised it
     * stamps that), which tells the hops before detection from those after it.
     */
    private record Timed(String kind, boolean rule, boolean shadow, long latencyMs, long toDetectionMs) {}

    /** How a run is set up, but for its rate. */
    private record Settings(int seconds, int warmup, int parallelism, long bufferTimeoutMs, Long watermarkIntervalMs,
            String policies, String checkpointInterval, boolean changelog, List<String> extraJobArgs) {}

    /** What one run measured. */
    /** One paced run; {@code stalls} is null for the probe, which does not read them. */
    private record Result(JobOptions options, double emittedPerSecond, List<Timed> timed, CheckpointStalls.Window stalls) {}

    /** Paced far above what two cores sustain when finding the maximum: the source emits what the job takes. */
    static final double PROBE_RATE = 30_000;

    public static void main(String[] args) throws Exception {
        String rateArg = "half-max";
        int seconds = 60;
        int warmup = 20;
        int parallelism = 2;
        long bufferTimeoutMs = 10;
        Long watermarkIntervalMs = null; // the job's own default for real time
        String policies = "config/policies";
        // Checkpoints set the tails (their synchronous part stalls every task): "10 min" shows the job without them.
        String checkpointInterval = "30 s";
        // The state changelog, as the sample real-time cluster config (config/flink/config.yaml) sets it.
        boolean changelog = true;
        List<String> extraJobArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                // Everything after "--" goes to the job as its own options (e.g. --detector-buffer-timeout "10 ms").
                extraJobArgs.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            switch (args[i]) {
                case "--rate" -> rateArg = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                case "--buffer-timeout-ms" -> bufferTimeoutMs = Long.parseLong(args[++i]);
                case "--watermark-interval-ms" -> watermarkIntervalMs = Long.parseLong(args[++i]);
                case "--policies" -> policies = args[++i];
                case "--checkpoint-interval" -> checkpointInterval = args[++i];
                case "--changelog" -> changelog = switch (args[++i]) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--changelog takes on or off, not " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--rate EVENTS_PER_S|half-max] [--seconds N] [--warmup N] [--parallelism P] [--buffer-timeout-ms MS] [--watermark-interval-ms MS] [--policies DIR] [--checkpoint-interval DURATION] [--changelog on|off] [-- JOB_OPTIONS...]");
            }
        }
        Settings settings = new Settings(seconds, warmup, parallelism, bufferTimeoutMs, watermarkIntervalMs, policies,
                checkpointInterval, changelog, extraJobArgs);
        double rate;
        if (rateArg.equals("half-max")) {
            // "At half the maximum throughput": the maximum of this very configuration, found by
            // pacing the same job far above it and counting what its source could emit.
            Result probe = run(settings, PROBE_RATE, false);
            rate = Math.max(1, Math.round(probe.emittedPerSecond() / 2));
            System.out.printf(Locale.ROOT, "maximum: the source emitted %,.0f events/s paced at %,.0f (same settings); "
                    + "the latency run is paced at half of it%n", probe.emittedPerSecond(), PROBE_RATE);
        } else {
            rate = Double.parseDouble(rateArg);
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate takes a positive number of events per second or half-max, not " + rateArg);
            }
        }
        Result r = run(settings, rate, true);
        System.out.printf(Locale.ROOT, "paced at %,.0f events/s for %d s (after %d s of warm-up), parallelism %d, buffer timeout %d ms, watermarks every %d ms, "
                + "detector buffers %d ms, checkpoints every %s, state changelog %s%s%n", rate, seconds, warmup, parallelism, bufferTimeoutMs,
                r.options().watermarkInterval().toMillis(), r.options().detectorBufferTimeout().toMillis(), checkpointInterval,
                changelog ? "on" : "off", extraJobArgs.isEmpty() ? "" : ", job options " + String.join(" ", extraJobArgs));
        System.out.println(RunningJvm.describe());
        // A job that cannot keep the pace emits less (the source is held back): its latencies are
        // then those of a saturated job, not of the rate asked for.
        System.out.printf(Locale.ROOT, "the source emitted %,.0f events/s in the measured window (%.0f %% of the pace)%n",
                r.emittedPerSecond(), 100.0 * r.emittedPerSecond() / rate);
        System.out.println("| flags | count (shadow) | p50 | p99 | max | p99 to detection |");
        System.out.println("|---|---|---|---|---|---|");
        List<Timed> timed = r.timed();
        row("rule flags", timed.stream().filter(Timed::rule).toList());
        row("detector flags", timed.stream().filter(t -> !t.rule()).toList());
        new TreeMap<>(timed.stream().collect(Collectors.groupingBy(Timed::kind))).forEach((kind, flags) -> row("  " + kind, flags));
        System.out.println();
        System.out.print(CheckpointStalls.table(r.stalls(), 6));
    }

    /**
     * The whole job paced at {@code rate}: its flags timed in the measured window, what its source
     * emitted, and its stalls when {@code readStalls} (the probe's are never printed).
     */
    private static Result run(Settings s, double rate, boolean readStalls) throws Exception {
        List<String> jobArgs = new ArrayList<>(List.of("--source", "generator", "--generator.count", "0",
                "--generator.rate", String.valueOf(rate), "--policies", s.policies(), "--checkpoint-interval", s.checkpointInterval(),
                "--out", Files.createTempDirectory("shopwatch-latency").toString()));
        if (s.watermarkIntervalMs() != null) {
            jobArgs.addAll(List.of("--watermark-interval", s.watermarkIntervalMs() + " ms"));
        }
        jobArgs.addAll(s.extraJobArgs());
        JobOptions options = JobOptions.fromArgs(jobArgs.toArray(new String[0]));
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        JobSinks sinks = new JobSinks(new Discard<>(), new Discard<>(), new Discard<>(), new Discard<>(), new Discard<>(),
                new Discard<>(), new Discard<>(), false).withAllFlags(new Latencies());
        // The paced source at the job's parallelism (Flink splits the rate between its readers):
        // one reader generating, serialising and decoding was itself the bottleneck at ~5 000
        // events/s, so "6 000 events/s" delivered less, and fewer flags, from run to run.
        ShopwatchJob job = EndToEndBenchmark.job(options, EventSources.generator(options, decoder), s.policies(), sinks);
        // Flink's execution.buffer-timeout.interval (default 100 ms): how long a network buffer may
        // wait to fill. Flags are few, so at every hop they wait for it; 10 ms trades ~10-30 % of
        // throughput for latency (BENCHMARKS.md).
        var conf = LocalRun.localConfiguration(options);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(s.bufferTimeoutMs()));
        if (s.changelog()) {
            RealTimeState.changelog(conf, Files.createTempDirectory("shopwatch-changelog"));
        }
        // Its REST endpoint, to read how long checkpoints stalled each task in the measured window
        // and how many events the source emitted in it (metrics fetched every second, not every 10).
        int restPort = LocalRest.freePort();
        conf.set(RestOptions.PORT, restPort);
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(500));
        LocalRest rest = new LocalRest(restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(s.parallelism());
        job.build(env);
        JobClient client = env.executeAsync("shopwatch-latency");
        try {
            String jobId = client.getJobID().toHexString();
            Thread.sleep(s.warmup() * 1000L);
            long from = System.currentTimeMillis();
            synchronized (TIMED) {
                TIMED.clear();
            }
            long emittedBefore = eventsEmitted(rest, jobId);
            long countedFrom = System.currentTimeMillis();
            Thread.sleep(s.seconds() * 1000L);
            List<Timed> timed;
            synchronized (TIMED) {
                timed = new ArrayList<>(TIMED);
            }
            long emitted = eventsEmitted(rest, jobId) - emittedBefore;
            double emittedPerSecond = emitted * 1000.0 / (System.currentTimeMillis() - countedFrom);
            long to = System.currentTimeMillis();
            CheckpointStalls.Window stalls = readStalls ? new CheckpointStalls(rest).between(jobId, from, to) : null;
            return new Result(options, emittedPerSecond, timed, stalls);
        } finally {
            client.cancel().get();
        }
    }

    /**
     * Events the source has emitted so far, all its subtasks together (the metric is about a second
     * old): the records into the operator chained behind it, which every event passes.
     */
    private static long eventsEmitted(LocalRest rest, String jobId) throws Exception {
        return rest.operatorMetricSum(jobId, "Source: events", "route-dead-letters", "numRecordsIn");
    }

    private static void row(String what, List<Timed> flags) {
        if (flags.isEmpty()) {
            System.out.printf(Locale.ROOT, "| %s | 0 | – | – | – | – |%n", what);
            return;
        }
        List<Long> latencies = flags.stream().map(Timed::latencyMs).sorted().toList();
        List<Long> toDetection = flags.stream().map(Timed::toDetectionMs).sorted().toList();
        long shadow = flags.stream().filter(Timed::shadow).count();
        System.out.printf(Locale.ROOT, "| %s | %,d (%,d) | %d ms | %d ms | %d ms | %d ms |%n", what, flags.size(), shadow,
                at(latencies, 0.50), at(latencies, 0.99), latencies.get(latencies.size() - 1), at(toDetection, 0.99));
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Times each flag against its event's ingestion. */
    private static final class Latencies implements Sink<ReviewFlag> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<ReviewFlag> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ReviewFlag f, Context c) {
                    if (f.ingestionTimeMs <= 0) {
                        return;
                    }
                    long now = System.currentTimeMillis();
                    boolean rule = ReviewFlags.RULE.equals(f.source);
                    Timed t = new Timed(rule ? "rule: " + f.ruleId : f.ruleId, rule, !"enforce".equals(f.mode),
                            now - f.ingestionTimeMs, f.detectionTimeMs - f.ingestionTimeMs);
                    synchronized (TIMED) {
                        TIMED.add(t);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Outputs the latency run does not look at. */
    private static final class Discard<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context c) {}

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
