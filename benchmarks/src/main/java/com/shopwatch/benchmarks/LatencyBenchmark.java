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
import org.apache.flink.configuration.PipelineOptions;
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

    public static void main(String[] args) throws Exception {
        double rate = 6_000;
        int seconds = 60;
        int warmup = 20;
        int parallelism = 2;
        long bufferTimeoutMs = 10;
        long watermarkIntervalMs = 200;
        String policies = "config/policies";
        // Checkpoints set the tails (their synchronous part stalls every task): "10 min" shows the job without them.
        String checkpointInterval = "30 s";
        // The state changelog, as the sample real-time cluster config (config/flink/config.yaml) sets it.
        boolean changelog = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
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
                        + "; usage: [--rate EVENTS_PER_S] [--seconds N] [--warmup N] [--parallelism P] [--buffer-timeout-ms MS] [--watermark-interval-ms MS] [--policies DIR] [--checkpoint-interval DURATION] [--changelog on|off]");
            }
        }
        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "0",
                "--generator.rate", String.valueOf(rate), "--policies", policies, "--checkpoint-interval", checkpointInterval,
                "--out", Files.createTempDirectory("shopwatch-latency").toString());
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        JobSinks sinks = new JobSinks(new Discard<>(), new Discard<>(), new Discard<>(), new Discard<>(), new Discard<>(),
                new Discard<>(), new Discard<>(), false).withAllFlags(new Latencies());
        // The paced source at the job's parallelism (Flink splits the rate between its readers):
        // one reader generating, serialising and decoding was itself the bottleneck at ~5 000
        // events/s, so "6 000 events/s" delivered less, and fewer flags, from run to run.
        ShopwatchJob job = EndToEndBenchmark.job(options, EventSources.generator(options, decoder), policies, sinks);
        // Flink's execution.buffer-timeout.interval (default 100 ms): how long a network buffer may
        // wait to fill. Flags are few, so at every hop they wait for it; 10 ms trades ~10-30 % of
        // throughput for latency (BENCHMARKS.md).
        var conf = LocalRun.localConfiguration(options);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(bufferTimeoutMs));
        // Flink's pipeline.auto-watermark-interval (200 ms): how often the source emits a watermark;
        // detector flags wait for it on top of the out-of-orderness bound.
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(watermarkIntervalMs));
        if (changelog) {
            RealTimeState.changelog(conf, Files.createTempDirectory("shopwatch-changelog"));
        }
        // Its REST endpoint, to read how long checkpoints stalled each task in the measured window.
        int restPort = CheckpointStalls.freePort();
        conf.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        job.build(env);
        JobClient client = env.executeAsync("shopwatch-latency");
        Thread.sleep(warmup * 1000L);
        long from = System.currentTimeMillis();
        synchronized (TIMED) {
            TIMED.clear();
        }
        Thread.sleep(seconds * 1000L);
        List<Timed> timed;
        synchronized (TIMED) {
            timed = new ArrayList<>(TIMED);
        }
        long to = System.currentTimeMillis();
        CheckpointStalls.Window stalls = new CheckpointStalls(restPort).between(client.getJobID().toHexString(), from, to);
        client.cancel().get();
        System.out.printf(Locale.ROOT, "paced at %,.0f events/s for %d s (after %d s of warm-up), parallelism %d, buffer timeout %d ms, watermarks every %d ms, "
                + "checkpoints every %s, state changelog %s%n", rate, seconds, warmup, parallelism, bufferTimeoutMs, watermarkIntervalMs, checkpointInterval,
                changelog ? "on" : "off");
        System.out.println("| flags | count (shadow) | p50 | p99 | max | p99 to detection |");
        System.out.println("|---|---|---|---|---|---|");
        row("rule flags", timed.stream().filter(Timed::rule).toList());
        row("detector flags", timed.stream().filter(t -> !t.rule()).toList());
        new TreeMap<>(timed.stream().collect(Collectors.groupingBy(Timed::kind))).forEach((kind, flags) -> row("  " + kind, flags));
        System.out.println();
        System.out.print(CheckpointStalls.table(stalls, 6));
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
