package com.shopwatch.benchmarks;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.pipeline.BundledPolicies;
import com.shopwatch.pipeline.LocalRun;
import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole job on a local MiniCluster (RocksDB, checkpoints every 30 s, the bundled packs, every
 * detector, file sinks), fed once from pre-serialised events in memory and once from a JSONL
 * file, at each parallelism asked for. Sustained throughput is (N − n) / (t(N) − t(n)) over a run
 * of N events and one of n = N/10, so start-up and shutdown cancel out; per core, the same with
 * the process's CPU time (every thread) in place of wall time. The parse floor (Jackson into a
 * POJO, one thread, the same payloads) is measured in the same process.
 *
 * <p>Sustained means steady state, so each configuration first warms up with runs of n until the
 * JIT's compiler threads use under {@value #QUIET_JIT_SHARE_PERCENT} % of a run's CPU (at most
 * {@value #MAX_WARM_UPS} runs): on two cores a fresh JVM compiles for a minute or more (~14 000
 * methods: Flink, RocksDB's bindings, the job) while the tasks compete for the same cores, a cost
 * a long-running job pays once. Each line gives how many warm-up runs that took and the compiler
 * threads' CPU in the runs of n and N, which the per-core figure still includes. Three warm-ups
 * left the compilers at ~28 % of the last one's CPU and ~13 % of the run of N's (2026-12-07); ten
 * bring the run of N's share to ~6 %. A new job still compiles its start-up paths, which the run
 * of n subtracts.
 */
public final class EndToEndBenchmark {
    /** One configuration's figures: wall and CPU time of a run of N events and of one of n. */
    record Result(String input, int parallelism, long events, Run big, long smallEvents, Run small) {
        double sustained() {
            return (events - smallEvents) / (big.seconds() - small.seconds());
        }

        /** Events per CPU-second: the job's threads are many more than its parallelism. */
        double perCore() {
            return (events - smallEvents) / (big.cpuSeconds() - small.cpuSeconds());
        }
    }

    /**
     * Wall time and the process's CPU time (every thread: tasks, RocksDB, JIT, GC) of one run, and
     * the time the JIT compilers spent in it (their elapsed time, as the JVM counts it).
     */
    record Run(double seconds, double cpuSeconds, double jitSeconds, double jitCpuSeconds) {
        double jitShare() {
            return cpuSeconds > 0 ? jitCpuSeconds / cpuSeconds : 0;
        }
    }

    /** A warm-up run whose compiler threads used less than this share of its CPU ends the warm-up. */
    static final int QUIET_JIT_SHARE_PERCENT = 5;
    static final int MAX_WARM_UPS = 10;

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = 1_000_000;
        List<Integer> parallelisms = List.of(1, 2);
        List<String> inputs = List.of("memory", "file");
        String policies = "config/policies";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--parallelism" -> parallelisms = Stream.of(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--inputs" -> inputs = List.of(args[++i].split(","));
                case "--policies" -> policies = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--events N] [--parallelism 1,2] [--inputs memory,file] [--policies DIR]");
            }
        }
        int n = (int) events;
        BenchmarkTraffic payloads = BenchmarkTraffic.generate(n, 42, 100);
        System.out.printf(Locale.ROOT, "%,d events, %.0f MB, %d cores; %s%n", n, payloads.bytes / 1e6,
                Runtime.getRuntime().availableProcessors(), RunningJvm.describe());
        double floor = ParseFloor.eventsPerSecond(payloads.payloads, 3);
        System.out.printf(Locale.ROOT, "parse floor (Jackson databind → POJO, one thread): %,.0f events/s%n", floor);
        InMemoryEvents.hold(payloads.payloads, payloads.arrivals);
        Path work = Files.createTempDirectory("shopwatch-bench");
        Path file = work.resolve("events.jsonl");
        Path smallFile = work.resolve("events-small.jsonl");
        long small = Math.max(1, events / 10);
        payloads.write(file, n);
        payloads.write(smallFile, (int) small);

        List<Result> results = new ArrayList<>();
        for (String input : inputs) {
            for (int p : parallelisms) {
                int warmUps = 0;
                Run warm;
                do { // JIT, RocksDB, class loading
                    warm = run(input, p, small, smallFile, work, policies);
                    warmUps++;
                } while (warmUps < MAX_WARM_UPS && CompilerThreads.available() && warm.jitShare() * 100 >= QUIET_JIT_SHARE_PERCENT);
                // Paths only a long run reaches: checkpoints, write-backs past the hot-key bound,
                // state read back from RocksDB, full collections.
                Run longWarm = run(input, p, events, file, work, policies);
                Run tSmall = run(input, p, small, smallFile, work, policies);
                Run tBig = run(input, p, events, file, work, policies);
                Result r = new Result(input, p, events, tBig, small, tSmall);
                results.add(r);
                System.out.printf(Locale.ROOT, "  %-6s p=%d: %d warm-up runs of n (JIT %.0f %% of the last's CPU) and one of N "
                        + "(JIT %.0f %%); %,d events in %.1f s "
                        + "(%.0f CPU-s, of it JIT %.1f CPU-s; compiles' elapsed time %.0f s), %,d in %.1f s (%.0f CPU-s, JIT %.1f) → "
                        + "%,.0f events/s sustained, %,.0f per CPU-second%n", input, p, warmUps, 100 * warm.jitShare(),
                        100 * longWarm.jitShare(), events,
                        tBig.seconds(), tBig.cpuSeconds(), tBig.jitCpuSeconds(), tBig.jitSeconds(), small, tSmall.seconds(),
                        tSmall.cpuSeconds(), tSmall.jitCpuSeconds(), r.sustained(), r.perCore());
            }
        }
        System.out.println();
        System.out.println("| input | parallelism | events | wall | sustained events/s | events/s per core | µs CPU per event | per core, of parse floor | JIT's share of the run's CPU |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.1f s | %,.0f | %,.0f | %.0f | %.1f %% | %.1f %% |%n", r.input(), r.parallelism(),
                    r.events(), r.big().seconds(), r.sustained(), r.perCore(), 1e6 / r.perCore(), 100 * r.perCore() / floor,
                    100 * r.big().jitShare());
        }
        deleteTree(work);
    }

    /** The whole job on a benchmark's events: the packs of {@code policies}, not watched; no decisions. */
    static ShopwatchJob job(JobOptions options, Source<DecodedRecord, ?, ?> events, String policies, JobSinks sinks) {
        return new ShopwatchJob(options, events, PolicySources.directory(policies, false, Duration.ofSeconds(2)),
                DecisionSources.none(), BundledPolicies.load(policies), sinks);
    }

    /** One job run over the first {@code count} events. */
    static Run run(String input, int parallelism, long count, Path file, Path work, String policies) throws Exception {
        Path out = Files.createTempDirectory(work, "out");
        JobOptions options = JobOptions.fromArgs("--events", file.toString(), "--out", out.toString(),
                "--policies", policies, "--checkpoint-interval", "30 s");
        EventDecoder decoder = new EventDecoder(options.decoderSettings());
        Source<DecodedRecord, ?, ?> source = input.equals("memory") ? InMemoryEvents.source(count, decoder)
                : EventSources.files(file.toString(), decoder);
        ShopwatchJob job = job(options, source, policies, JobSinks.files(out));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(LocalRun.localConfiguration(options));
        env.setParallelism(parallelism);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long cpu = os.getProcessCpuTime();
        double jitCpu = CompilerThreads.cpuSeconds();
        long compiled = jit.getTotalCompilationTime();
        long start = System.nanoTime();
        job.execute(env);
        Run r = new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9,
                (jit.getTotalCompilationTime() - compiled) / 1e3, CompilerThreads.cpuSeconds() - jitCpu);
        deleteTree(out);
        return r;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
