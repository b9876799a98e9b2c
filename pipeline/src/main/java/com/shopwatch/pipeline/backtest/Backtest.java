package com.shopwatch.pipeline.backtest;

import com.shopwatch.backtest.BacktestDiff;
import com.shopwatch.backtest.BacktestHtml;
import com.shopwatch.backtest.BacktestReport;
import com.shopwatch.backtest.BacktestSide;
import com.shopwatch.backtest.BacktestSummary;
import com.shopwatch.backtest.ItemLabels;
import com.shopwatch.decode.DecodedDecision;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecisionDecoder;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventType;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.BundledPolicies;
import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sinks.JsonLinesFileSink;
import com.shopwatch.pipeline.sources.DeadLetterRouter;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.NoRecordsSource;
import com.shopwatch.policy.PolicyError;
import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.review.ReviewTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/shopwatch backtest}: what a candidate policy set would have done on history, against
 * a baseline. Runs the streaming job itself ({@link ShopwatchJob}, the same operators) once per
 * policy set over the bounded history, both at once, then compares their outputs into
 * {@code backtest.json}, {@code report.html} and {@code summary.md}. Locally it runs on a
 * MiniCluster; under {@code flink run -c com.shopwatch.pipeline.backtest.Backtest} on the cluster,
 * reading and writing any Flink file system.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the job over history once with the baseline and once with the candidate policy set, "
                + "and reports what changes (backtest.json, report.html, summary.md in --out).")
public final class Backtest implements Callable<Integer> {
    @Option(names = "--events", required = true, paramLabel = "FILE_OR_DIR",
            description = "history: a JSONL file or a directory of them, plain or .gz, on any Flink file system")
    String events;

    @Option(names = "--policies", required = true, paramLabel = "CANDIDATE_DIR", description = "the candidate policy packs")
    String candidate;

    @Option(names = "--baseline", paramLabel = "BASELINE_DIR",
            description = "the baseline policy packs (default: config/policies, else the bundled packs)")
    String baseline;

    @Option(names = "--labels", paramLabel = "FILE", description = "JSONL {item_id, label: violating|clean, rule_id?}")
    String labels;

    @Option(names = "--decisions", paramLabel = "FILE", description = "moderator decisions (the decisions format) as labels")
    String decisions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the reports and each run's outputs go")
    String out;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "parallelism of each run (default: half the cores locally, so both runs share the machine)")
    Integer parallelism;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    private final PrintStream err;

    Backtest(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses, runs and reports; the exit code (0 done, 2 bad usage or invalid packs, 1 failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Backtest(err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("backtest: " + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
            if (!(e instanceof IllegalArgumentException)) {
                e.printStackTrace(err);
            }
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Map<String, String> baselinePacks = baseline == null ? BundledPolicies.load("config/policies")
                : PolicyLoader.readDirectory(java.nio.file.Path.of(baseline));
        Map<String, String> candidatePacks = PolicyLoader.readDirectory(java.nio.file.Path.of(candidate));
        String baselineVersion = versionOrThrow("--baseline", baselinePacks);
        String candidateVersion = versionOrThrow("--policies", candidatePacks);
        if (baselineVersion.equals(candidateVersion) && !baselinePacks.equals(candidatePacks)) {
            // flags are named by event, rule and policy version: a change needs a new version to be told apart
            err.println("backtest: warning: the candidate changes packs but keeps their versions (" + candidateVersion
                    + "); give every changed pack a new version before shipping it");
        }
        HistoryFiles history = HistoryFiles.of(events);
        long total = countLines(history);

        String outDir = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
        String baselineOut = outDir + "/baseline";
        String candidateOut = outDir + "/candidate";
        int p = parallelism != null ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        JobClient b = submit("baseline", baselinePacks, baselineOut, p);
        JobClient c = submit("candidate", candidatePacks, candidateOut, p);
        waitFor(List.of(b, c), total, started);

        BacktestSide baselineSide = SideOutputs.read(baselineOut, baselineVersion);
        BacktestSide candidateSide = SideOutputs.read(candidateOut, candidateVersion);
        ItemLabels itemLabels = labels(baselineSide, candidateSide);
        for (String problem : itemLabels.problems()) {
            err.println("backtest: " + problem);
        }
        Set<String> needed = BacktestDiff.itemsNeeded(baselineSide, candidateSide, itemLabels);
        long[] counts = new long[2];
        Map<String, BacktestDiff.ItemInfo> items = scan(history, needed, counts);
        BacktestReport report = BacktestDiff.compute(baselineSide, candidateSide, counts[0], counts[1], items, itemLabels);

        write(outDir + "/backtest.json", JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        write(outDir + "/report.html", BacktestHtml.render(report));
        write(outDir + "/summary.md", BacktestSummary.markdown(report));
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "backtest: %,d records, %s; wrote %s/backtest.json, report.html and summary.md "
                        + "(each run's outputs in baseline/ and candidate/) in %.1f s%n",
                counts[0], BacktestSummary.headline(report), outDir, seconds);
        return 0;
    }

    private static String versionOrThrow(String option, Map<String, String> packs) {
        PolicyLoader.Result r = PolicyLoader.load(packs);
        if (!r.ok()) {
            StringBuilder b = new StringBuilder(option + ": the packs do not validate:");
            for (PolicyError e : r.errors()) {
                b.append("\n  ").append(e);
            }
            throw new IllegalArgumentException(b.toString());
        }
        return r.policies().version();
    }

    /** One run of the job: the history as its file source, fixed packs, file sinks with every flag. */
    private JobClient submit(String side, Map<String, String> packs, String sideOut, int p) throws Exception {
        JobOptions options = JobOptions.fromArgs("--events", events, "--out", sideOut, "--state-backend", "hashmap",
                "--parallelism", String.valueOf(p));
        JobSinks sinks = JobSinks.files(sideOut).withAllFlags(new JsonLinesFileSink<>(sideOut + "/" + SideOutputs.ALL_FLAGS));
        ShopwatchJob job = new ShopwatchJob(options, EventSources.files(events, new EventDecoder(options.decoderSettings())),
                new NoRecordsSource<>(PolicyUpdate.class), DecisionSources.none(), packs, sinks);
        Configuration conf = ShopwatchJob.flinkConfiguration(options);
        // Bounded and re-runnable from the start: no checkpoints at all (they would only cost time,
        // and on a cluster need shared storage); the sinks flush at the end of the input.
        conf.removeConfig(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(p);
        job.build(env);
        return env.executeAsync("shopwatch backtest " + side);
    }

    /** Waits for both runs, printing events read, rate and ETA every two seconds. */
    private void waitFor(List<JobClient> runs, long total, long started) throws Exception {
        List<java.util.concurrent.CompletableFuture<org.apache.flink.api.common.JobExecutionResult>> results = new ArrayList<>();
        for (JobClient run : runs) {
            results.add(run.getJobExecutionResult());
        }
        long lastPrint = System.nanoTime();
        while (!results.stream().allMatch(java.util.concurrent.CompletableFuture::isDone)) {
            for (var r : results) {
                if (r.isCompletedExceptionally()) {
                    r.get(); // throws the run's failure
                }
            }
            long now = System.nanoTime();
            if (!quiet && now - lastPrint > 2_000_000_000L) {
                lastPrint = now;
                long read = Long.MAX_VALUE;
                for (int i = 0; i < runs.size(); i++) {
                    read = Math.min(read, results.get(i).isDone() ? total : recordsRead(runs.get(i)));
                }
                double elapsed = (now - started) / 1e9;
                double rate = read / Math.max(elapsed, 1e-3);
                String eta = rate > 0 && total > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", Math.max(0, (total - read) / rate)) : "";
                err.printf(Locale.ROOT, "backtest: %,d / %,d events read (%.0f %%), %,.0f events/s%s%n", read, total,
                        total == 0 ? 100.0 : 100.0 * read / total, rate, eta);
            }
            Thread.sleep(100);
        }
        for (var r : results) {
            r.get();
        }
    }

    private static long recordsRead(JobClient run) {
        try {
            Object v = run.getAccumulators().get().get(DeadLetterRouter.RECORDS_ACCUMULATOR);
            return v instanceof Number n ? n.longValue() : 0L;
        } catch (Exception e) {
            return 0L; // not started yet, or finishing
        }
    }

    private static long countLines(HistoryFiles history) {
        long[] n = new long[1];
        history.forEachLine(line -> n[0]++);
        return n[0];
    }

    private ItemLabels labels(BacktestSide baselineSide, BacktestSide candidateSide) throws IOException {
        if (labels != null) {
            List<String> lines = new ArrayList<>();
            HistoryFiles.of(labels).forEachLine(l -> lines.add(new String(l, StandardCharsets.UTF_8)));
            return ItemLabels.fromLabelLines(labels, lines);
        }
        if (decisions != null) {
            DecisionDecoder decoder = new DecisionDecoder(JobOptions.defaults().decoderSettings());
            List<ModeratorDecision> all = new ArrayList<>();
            long[] line = new long[1];
            HistoryFiles.of(decisions).forEachLine(l -> {
                line[0]++;
                long now = System.currentTimeMillis();
                DecodedDecision d = decoder.decode(l, RecordOrigin.file(decisions, line[0]), now, now);
                if (d.isAccepted()) {
                    all.add(d.decision);
                } else {
                    err.println("backtest: " + decisions + ":" + line[0] + ": " + d.deadLetter.reason + ": " + d.deadLetter.error);
                }
            });
            List<ReviewTask> tasks = new ArrayList<>(baselineSide.tasks());
            tasks.addAll(candidateSide.tasks());
            return ItemLabels.fromDecisions(all, tasks);
        }
        return ItemLabels.none();
    }

    /** Reads the history once more with the job's decoder: records read and accepted, and the needed items. */
    private Map<String, BacktestDiff.ItemInfo> scan(HistoryFiles history, Set<String> needed, long[] counts) {
        EventDecoder decoder = new EventDecoder(JobOptions.defaults().decoderSettings());
        Map<String, BacktestDiff.ItemInfo> items = new HashMap<>();
        history.forEachLine(line -> {
            counts[0]++;
            long now = System.currentTimeMillis();
            DecodedRecord d = decoder.decode(line, RecordOrigin.generator(counts[0]), now, now);
            if (!d.isAccepted()) {
                return;
            }
            counts[1]++;
            CommerceEvent e = d.event;
            if (needed.contains(e.itemId)) {
                String text = e.type == EventType.VIDEO ? e.caption : e.title;
                BacktestDiff.ItemInfo before = items.get(e.itemId);
                // the latest text of the item (an update replaces the title)
                items.put(e.itemId, new BacktestDiff.ItemInfo(e.type.code(), e.country,
                        text != null ? text : before == null ? null : before.text()));
            }
        });
        return items;
    }

    private static void write(String uri, String content) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem();
        try (OutputStream o = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            o.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
