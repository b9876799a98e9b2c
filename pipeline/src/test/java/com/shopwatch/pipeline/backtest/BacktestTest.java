package com.shopwatch.pipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.generate.GeneratedEvent;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest on a MiniCluster over a {@code file://} directory of gzip files, with a constructed
 * candidate: the vape rule enabled in MY and disabled in SG, and the seller-velocity threshold
 * raised out of reach. Its counts equal two streaming runs of the job, one per policy set; a second
 * backtest gives the same bytes.
 */
class BacktestTest {
    @TempDir
    static Path tmp;
    static Path history;
    static Path candidate;
    static Path labels;
    static Path out;
    static String stderr;
    static JsonNode report;

    @BeforeAll
    static void backtest() throws Exception {
        history = tmp.resolve("history");
        Files.createDirectories(history);
        writeHistory(history, 6_000, 3);
        candidate = candidatePacks(tmp.resolve("candidate"));
        labels = tmp.resolve("labels.jsonl");
        writeLabels(labels, 6_000);
        out = tmp.resolve("out");
        stderr = run("--events", history.toUri().toString(), "--policies", candidate.toString(), "--out",
                out.toUri().toString(), "--parallelism", "1", "--labels", labels.toString());
        report = JsonOutput.mapper().readTree(Files.readString(out.resolve("backtest.json")));
    }

    /** Generated traffic (violations and abuse episodes) in gzip files of consecutive lines. */
    static void writeHistory(Path dir, int events, int files) throws IOException {
        long start = System.currentTimeMillis() - 86_400_000L;
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(7).startTimeMillis(start)
                .eventsPerSecond(20).violationFraction(0.08).abuseRate(6).build());
        int perFile = (events + files - 1) / files;
        for (int f = 0; f < files; f++) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("part-" + f + ".jsonl.gz")))) {
                for (int i = f * perFile; i < Math.min(events, (f + 1) * perFile); i++) {
                    GeneratedEvent e = g.generate(i);
                    o.write(e.payload());
                    o.write('\n');
                }
            }
        }
    }

    /** Labels from the generator's own record of what it injected: violations and abuse are violating (no rule named), the rest clean. */
    static void writeLabels(Path file, int events) throws IOException {
        long start = System.currentTimeMillis() - 86_400_000L;
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(7).startTimeMillis(start)
                .eventsPerSecond(20).violationFraction(0.08).abuseRate(6).build());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events; i++) {
            GeneratedEvent e = g.generate(i);
            if (e.kind() == GeneratedEvent.Kind.MALFORMED) {
                continue;
            }
            JsonNode n = JsonOutput.mapper().readTree(e.payload());
            String item = n.has("listing_id") ? n.get("listing_id").asText() : n.path("video_id").asText();
            b.append("{\"item_id\":\"").append(item).append("\",\"label\":\"")
                    .append(e.kind() == GeneratedEvent.Kind.VALID ? "clean" : "violating").append("\"}\n");
        }
        Files.writeString(file, b.toString());
    }

    /** The bundled packs with three changes a policy manager might make. */
    static Path candidatePacks(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(Path.of("../config/policies"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        // vapes: prohibited in MY too, no longer in SG
        Files.writeString(dir.resolve("my.yaml"), Files.readString(dir.resolve("my.yaml"))
                + "\noverrides:\n  - rule: vape-prohibited\n    disabled: false\n");
        String sg = Files.readString(dir.resolve("sg.yaml"));
        Files.writeString(dir.resolve("sg.yaml"), sg.replace("  - rule: vape-prohibited\n    disabled: false",
                "  - rule: vape-prohibited\n    disabled: true"));
        // seller velocity: a threshold no burst reaches
        String global = Files.readString(dir.resolve("global.yaml"));
        Files.writeString(dir.resolve("global.yaml"), global.replace("    max_listings: 30\n", "    max_listings: 100000\n")
                .replace("    max_videos: 20\n", "    max_videos: 100000\n")
                .replace("    new_account_max_listings: 10   #", "    new_account_max_listings: 100000   #"));
        Files.writeString(dir.resolve("sg.yaml"), Files.readString(dir.resolve("sg.yaml"))
                .replace("new_account_max_listings: 8", "new_account_max_listings: 100000"));
        for (String pack : List.of("my.yaml", "sg.yaml", "global.yaml")) {
            Path p = dir.resolve(pack);
            Files.writeString(p, Files.readString(p).replace("version: \"2026.11.24-1\"", "version: \"2026.12.01-1\""));
        }
        return dir;
    }

    static String run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Backtest.run(args, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }

    private static JsonNode row(String rule, String country, String mode) {
        for (JsonNode r : report.get("rules")) {
            if (r.get("rule_id").asText().equals(rule) && r.get("country").asText().equals(country)
                    && r.get("mode").asText().equals(mode)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void theDiffIsRightOnAConstructedPairOfPolicySets() {
        JsonNode my = row("vape-prohibited", "MY", "enforce");
        assertThat(my).as("vapes now flagged in MY").isNotNull();
        assertThat(my.get("baseline_items").asLong()).isZero();
        assertThat(my.get("candidate_items").asLong()).isPositive();
        assertThat(my.get("newly_flagged").asLong()).isEqualTo(my.get("candidate_items").asLong());
        assertThat(my.get("newly_flagged_samples")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("text").asText()).isNotBlank();
            assertThat(s.get("evidence")).isNotEmpty();
        });
        JsonNode sg = row("vape-prohibited", "SG", "enforce");
        assertThat(sg).as("vapes no longer flagged in SG").isNotNull();
        assertThat(sg.get("candidate_items").asLong()).isZero();
        assertThat(sg.get("no_longer_flagged").asLong()).isEqualTo(sg.get("baseline_items").asLong()).isPositive();
        long velocityBaseline = 0;
        for (JsonNode r : report.get("rules")) {
            if (r.get("rule_id").asText().equals("seller_velocity")) {
                assertThat(r.get("candidate_items").asLong()).as(r.toString()).isZero();
                assertThat(r.get("source").asText()).isEqualTo("detector");
                velocityBaseline += r.get("baseline_items").asLong();
            }
        }
        assertThat(velocityBaseline).as("velocity bursts flagged by the baseline").isPositive();
        // unchanged rules stay unchanged, e.g. weapons everywhere
        for (JsonNode r : report.get("rules")) {
            if (r.get("rule_id").asText().equals("weapons-prohibited")) {
                assertThat(r.get("changed").asBoolean()).as(r.toString()).isFalse();
            }
        }
        assertThat(report.get("policies").get("candidate").asText()).isNotEqualTo(report.get("policies").get("baseline").asText());
        assertThat(report.get("events").get("read").asLong()).isEqualTo(6_000);
        assertThat(report.get("events").get("accepted").asLong()
                + sum(report.get("events").get("dead_letters"))).isEqualTo(6_000);
        assertThat(report.get("items").get("newly_flagged").asLong()).isPositive();
        assertThat(stderr).contains("backtest: 6,000 records", "backtest.json");
        com.shopwatch.output.SchemaConformance.assertConforms(com.shopwatch.output.SchemaConformance.schema("backtest"), report);
    }

    @Test
    void labelsGivePrecisionOnEveryRowThatFlaggedLabelledItems() {
        assertThat(report.get("labelled").asBoolean()).isTrue();
        // the generator's violations are what the rules are for: the vape rule where it is enforced is exact
        JsonNode my = row("vape-prohibited", "MY", "enforce");
        assertThat(my.get("candidate_precision").asDouble()).isEqualTo(1.0);
        assertThat(my.has("baseline_precision")).as("nothing flagged, nothing to judge").isFalse();
        JsonNode sg = row("vape-prohibited", "SG", "enforce");
        assertThat(sg.get("baseline_precision").asDouble()).isEqualTo(1.0);
        assertThat(sg.get("baseline_labelled").asLong()).isEqualTo(sg.get("baseline_items").asLong());
    }

    @Test
    void itsCountsEqualTwoStreamingRunsOfTheJobOnePerPolicySet() throws Exception {
        Map<String, Long> baseline = streamingItemsPerRuleAndCountry(Path.of("../config/policies"), tmp.resolve("stream-b"));
        Map<String, Long> cand = streamingItemsPerRuleAndCountry(candidate, tmp.resolve("stream-c"));
        Map<String, Long> backtestBaseline = new TreeMap<>();
        Map<String, Long> backtestCandidate = new TreeMap<>();
        for (JsonNode r : report.get("rules")) {
            if (r.get("mode").asText().equals("enforce")) {
                String k = r.get("rule_id").asText() + "@" + r.get("country").asText();
                if (r.get("baseline_items").asLong() > 0) {
                    backtestBaseline.put(k, r.get("baseline_items").asLong());
                }
                if (r.get("candidate_items").asLong() > 0) {
                    backtestCandidate.put(k, r.get("candidate_items").asLong());
                }
            }
        }
        assertThat(backtestBaseline).isNotEmpty().isEqualTo(baseline);
        assertThat(backtestCandidate).isNotEmpty().isEqualTo(cand);
    }

    /** The production wiring (ShopwatchJob.fromOptions) over the same files: enforced items per rule × country. */
    private Map<String, Long> streamingItemsPerRuleAndCountry(Path packs, Path outDir) throws Exception {
        JobOptions options = JobOptions.fromArgs("--events", history.toString(), "--policies", packs.toString(),
                "--out", outDir.toString(), "--state-backend", "hashmap", "--parallelism", "1");
        ShopwatchJob job = ShopwatchJob.fromOptions(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(1);
        job.execute(env);
        Map<String, Set<String>> items = new TreeMap<>();
        for (String line : Files.readAllLines(outDir.resolve("flags.jsonl"))) {
            ReviewFlag f = JsonOutput.fromJson(line, ReviewFlag.class);
            items.computeIfAbsent(f.ruleId + "@" + f.country, k -> new TreeSet<>()).add(f.itemType + "|" + f.itemId);
        }
        Map<String, Long> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, (long) v.size()));
        return out;
    }

    @Test
    void aSecondRunAtAnotherParallelismGivesTheSameBytesAndTheReportsAreWritten() throws Exception {
        Path again = tmp.resolve("again");
        // at parallelism 2 this time: the report depends on the history and the packs only
        run("--events", history.toString(), "--policies", candidate.toString(), "--out", again.toString(),
                "--parallelism", "2", "--quiet", "--labels", labels.toString());
        assertThat(Files.readAllBytes(again.resolve("backtest.json"))).isEqualTo(Files.readAllBytes(out.resolve("backtest.json")));
        assertThat(Files.readString(out.resolve("summary.md"))).startsWith("## Backtest: ").contains("vape-prohibited", "MY", "SG");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg", "class=\"sortable\"", "<mark>", "Dead letters").doesNotContain("http://", "https://")
                .doesNotContainPattern("<(script|link|img)[^>]+src=");
    }

    /**
     * The report in a real headless browser (Chromium from the Debian packages; .ci/run installs it):
     * it renders to a screenshot, its script runs (the page marks itself ready), and the console
     * reports nothing. Without Chromium it is skipped locally and fails in CI.
     */
    @Test
    void theReportRendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        String chromium = ReportBrowser.find();
        if (chromium == null) {
            assertThat(System.getenv("CI")).as("Chromium is needed in CI: .ci/run installs it (apt-get install chromium)")
                    .isNull();
            org.junit.jupiter.api.Assumptions.abort("Chromium is not installed (apt-get install chromium)");
        }
        Path report = out.resolve("report.html");
        Path shot = tmp.resolve("report.png");
        ReportBrowser.Result screenshot = ReportBrowser.run(chromium, "--screenshot=" + shot, "--window-size=1280,2400",
                report.toUri().toString());
        assertThat(screenshot.exitCode()).as(screenshot.stderr()).isZero();
        assertThat(Files.size(shot)).as("a screenshot with content").isGreaterThan(20_000);
        ReportBrowser.Result dom = ReportBrowser.run(chromium, "--dump-dom", report.toUri().toString());
        assertThat(dom.stdout()).as("the page's script ran to its end").contains("data-ready=\"yes\"")
                .contains("<svg", "<mark>");
        for (ReportBrowser.Result r : List.of(screenshot, dom)) {
            assertThat(r.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList()).as("console messages").isEmpty();
        }
        // and the check would see one: a page with a broken script
        Path broken = tmp.resolve("broken.html");
        Files.writeString(broken, "<html><body><script>notDefined();</script></body></html>");
        assertThat(ReportBrowser.run(chromium, "--dump-dom", broken.toUri().toString()).stderr()).contains(":CONSOLE");
    }

    @Test
    void invalidCandidatePacksAreRefusedWithTheirErrors() throws Exception {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("global.yaml"), "pack: global\nversion: \"1\"\nrules:\n  - id: x\n    title: x\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Backtest.run(new String[] {"--events", history.toString(), "--policies", bad.toString(), "--out",
                tmp.resolve("bad-out").toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--policies: the packs do not validate", "global.yaml:4");
        assertThat(Backtest.run(new String[] {"--policies", bad.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }

    private static long sum(JsonNode counts) {
        long n = 0;
        for (JsonNode c : counts) {
            n += c.asLong();
        }
        return n;
    }

    static List<String> lines(Path p) throws IOException {
        return new ArrayList<>(Files.readAllLines(p));
    }
}
