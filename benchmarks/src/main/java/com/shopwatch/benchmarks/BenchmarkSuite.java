package com.shopwatch.benchmarks;

import com.shopwatch.bench.HotPathBenchmark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bin/shopwatch bench}: every benchmark, then one table. The hot-path run first (its
 * {@code compiled in N ms} and {@code evaluate … events/s} lines, which scripts read), then the
 * JMH micro benchmarks (decode, policy evaluation and compile by list size, each detector), then
 * the whole job end to end. {@code micro} or {@code e2e [options]} runs one part only.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "all";
        String[] rest = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
        List<String> table = new ArrayList<>();
        switch (part) {
            case "all" -> {
                HotPathBenchmark.main(new String[] {"200000"});
                table.addAll(micro());
                EndToEndBenchmark.main(rest);
                LatencyBenchmark.main(new String[0]);
            }
            case "throughput" -> { // all but latency: bin/shopwatch runs latency in a JVM of its own, on the real-time collector
                HotPathBenchmark.main(new String[] {"200000"});
                table.addAll(micro());
                EndToEndBenchmark.main(rest);
            }
            case "micro" -> table.addAll(micro());
            case "e2e" -> EndToEndBenchmark.main(rest);
            case "latency" -> LatencyBenchmark.main(rest);
            default -> throw new IllegalArgumentException("usage: bench [all|throughput|micro|e2e [--events N] [--parallelism 1,2] [--inputs memory,file]|latency [--rate R|half-max] [--seconds N] [--checkpoint-interval D] [-- JOB_OPTIONS]]"
                    + " | bench EVENTS [POLICY_DIR]");
        }
        if (!table.isEmpty()) {
            System.out.println();
            System.out.println("| micro benchmark (JMH, one thread) | per operation |");
            System.out.println("|---|---|");
            table.forEach(System.out::println);
        }
        // A closed MiniCluster can leave a non-daemon pool thread behind (the state changelog's
        // does), which would keep the JVM up after the tables are printed.
        System.exit(0);
    }

    /** The JMH benchmarks, short runs (one fork, 3 × 2 s after 2 × 2 s of warm-up); a table row each. */
    static List<String> micro() throws Exception {
        List<String> rows = new ArrayList<>();
        Options common = new OptionsBuilder()
                .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx2g", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "-Dlog4j.configurationFile=" + System.getProperty("log4j.configurationFile", ""),
                        "-Dshopwatch.policies=" + System.getProperty("shopwatch.policies", "config/policies"))
                .build();
        Collection<RunResult> results = new ArrayList<>();
        results.addAll(new Runner(new OptionsBuilder().parent(common).include("micro.DecodeBenchmark").build()).run());
        results.addAll(new Runner(new OptionsBuilder().parent(common).include("micro.PolicyBenchmark.evaluate").build()).run());
        results.addAll(new Runner(new OptionsBuilder().parent(common).include("micro.PolicyBenchmark.compile")
                .warmupIterations(3).measurementIterations(5).build()).run());
        results.addAll(new Runner(new OptionsBuilder().parent(common).include("micro.DetectorBenchmark").build()).run());
        for (RunResult r : results) {
            var p = r.getParams();
            String name = p.getBenchmark().replaceAll(".*micro\\.", "");
            List<String> params = new ArrayList<>();
            for (String k : p.getParamsKeys()) {
                params.add(k + "=" + p.getParam(k));
            }
            var s = r.getPrimaryResult();
            String unit = s.getScoreUnit();
            rows.add(String.format(Locale.ROOT, "| %s%s | %.2f ± %.2f %s |", name, params.isEmpty() ? "" : " " + params, s.getScore(),
                    Double.isNaN(s.getScoreError()) ? 0 : s.getScoreError(), unit));
        }
        return rows;
    }

}
