package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.options.ShopwatchOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JIT for {@code bin/shopwatch run} (bin/run-length.sh), run through
 * bash as the launcher runs it: C1 only for a run known to end soon, the default tiered JIT for
 * anything long or unbounded.
 */
class LauncherJitChoiceTest {
    private static final Path SCRIPT = Path.of("../bin/run-length.sh").toAbsolutePath();
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theBundledSampleAndSmallFilesGetC1Only() throws Exception {
        assertThat(choice(Map.of(), "--events", "../config/samples/events.jsonl", "--out", "out/sample")).isEqualTo("c1");
        assertThat(choice(Map.of(), "--events", sized("small.jsonl", 256 * MIB).toString())).isEqualTo("c1");
        // a directory of inputs counts as the sum of its files
        Path history = Files.createDirectories(dir.resolve("history"));
        sized("history/a.jsonl", 100 * MIB);
        sized("history/b.jsonl", 100 * MIB);
        assertThat(choice(Map.of(), "--events", history.toString())).isEqualTo("c1");
        sized("history/c.jsonl", 100 * MIB);
        assertThat(choice(Map.of(), "--events", history.toString())).isEqualTo("tiered");
    }

    @Test
    void aFileAboveTheBoundKeepsTheTieredJit() throws Exception {
        assertThat(choice(Map.of(), "--events", sized("big.jsonl", 256 * MIB + 1).toString())).isEqualTo("tiered");
    }

    @Test
    void theGeneratorDependsOnItsCount() throws Exception {
        assertThat(choice(Map.of())).as("plain run: 20 000 generated events").isEqualTo("c1");
        // the script's default count is the job's: a plain run is judged as the run it is
        assertThat(choice(Map.of())).isEqualTo(choice(Map.of(), "--generator.count",
                String.valueOf(ShopwatchOptions.GENERATOR_COUNT.defaultValue())));
        assertThat(choice(Map.of(), "--generator.count", "400000")).isEqualTo("c1");
        assertThat(choice(Map.of(), "--generator.count", "400001")).isEqualTo("tiered");
        assertThat(choice(Map.of(), "--generator.count", "0", "--generator.rate", "50")).as("unbounded").isEqualTo("tiered");
        assertThat(choice(Map.of(), "--source", "generator", "--generator.count", "1000")).isEqualTo("c1");
        assertThat(choice(Map.of(), "--generator.count", "lots")).as("the job rejects it; no guess").isEqualTo("tiered");
    }

    @Test
    void jobsThatDoNotEndByThemselvesKeepTheTieredJit() throws Exception {
        String sample = "../config/samples/events.jsonl";
        assertThat(choice(Map.of(), "--kafka.bootstrap.servers", "localhost:9092")).isEqualTo("tiered");
        assertThat(choice(Map.of(), "--events", sample, "--policies-watch")).isEqualTo("tiered");
        assertThat(choice(Map.of(), "--policies-watch", "true", "--events", sample)).isEqualTo("tiered");
        assertThat(choice(Map.of(), "--events", sample, "--policies-watch", "false")).isEqualTo("c1");
        assertThat(choice(Map.of(), "--source", "kafka", "--events", sample)).isEqualTo("tiered");
    }

    @Test
    void theEnvironmentOverridesTheChoice() throws Exception {
        String sample = "../config/samples/events.jsonl";
        assertThat(choice(Map.of("SHOPWATCH_JIT", "tiered"), "--events", sample)).isEqualTo("tiered");
        assertThat(choice(Map.of("SHOPWATCH_JIT", "c1"), "--generator.count", "0")).isEqualTo("c1");
        assertThat(choice(Map.of("SHOPWATCH_JIT", "fast"), "--events", sample)).as("unknown: the safe default").isEqualTo("tiered");
    }

    @Test
    void theJvmGetsTheFlagOnlyForC1() throws Exception {
        assertThat(run("jit_options", Map.of(), "--events", "../config/samples/events.jsonl"))
                .isEqualTo("-XX:TieredStopAtLevel=1");
        assertThat(run("jit_options", Map.of(), "--generator.count", "0")).isEmpty();
    }

    @Test
    void aRunThatEndsByItselfGetsTheParallelCollectorAndRealTimeKeepsG1() throws Exception {
        Path big = sized("big.jsonl", 300 * MIB);
        for (String[] shortReplay : List.of(new String[] {"--events", "../config/samples/events.jsonl"}, new String[] {},
                new String[] {"--source", "generator", "--generator.count", "100"})) {
            assertThat(run("gc_for_run", Map.of(), shortReplay)).as("%s", List.of(shortReplay)).isEqualTo("-XX:+UseParallelGC -XX:NewRatio=1");
            assertThat(run("replay_gc_for_run", Map.of(), shortReplay)).isEqualTo("-XX:+UseParallelGC -XX:NewRatio=1");
        }
        // a long replay's heap gets huge pages where the kernel hands them out on request
        for (String[] longReplay : List.of(new String[] {"--events", big.toString()}, new String[] {"--generator.count", "5000000"})) {
            assertThat(run("gc_for_run", Map.of(), longReplay)).as("%s", List.of(longReplay))
                    .isEqualTo("-XX:+UseParallelGC -XX:NewRatio=1" + hugePagesOnThisMachine());
            assertThat(run("replay_gc_for_run", Map.of(), longReplay)).isEqualTo("-XX:+UseParallelGC -XX:NewRatio=1" + hugePagesOnThisMachine());
        }
        for (String[] realTime : List.of(new String[] {"--generator.count", "0"},
                new String[] {"--kafka.bootstrap.servers", "localhost:9092"},
                new String[] {"--events", "../config/samples/events.jsonl", "--policies-watch"},
                new String[] {"--source", "kafka", "--events", "x"})) {
            assertThat(run("gc_for_run", Map.of(), realTime)).as("%s", List.of(realTime)).isEqualTo("-XX:+UseG1GC");
        }
        assertThat(run("gc_for_run", Map.of("SHOPWATCH_GC", "-XX:+UseZGC"), "--generator.count", "0")).isEqualTo("-XX:+UseZGC");
        // a replay's heap is fixed, a real-time run's grows as G1 likes
        assertThat(run("heap_options", Map.of(), "4g", "-XX:+UseParallelGC", "-XX:NewRatio=1")).isEqualTo("-Xms4g -Xmx4g");
        assertThat(run("heap_options", Map.of(), "2g", "-XX:+UseG1GC")).isEqualTo("-Xmx2g");
        assertThat(run("heap_options", Map.of(), "2g", "-XX:+UseG1GC", "-XX:ParallelGCThreads=1")).isEqualTo("-Xmx2g");
    }

    @Test
    void theJvmAsksForHugePagesOnlyWhereTheKernelHandsThemOutOnRequest() throws Exception {
        Path setting = dir.resolve("enabled");
        Files.writeString(setting, "always [madvise] never\n");
        assertThat(run("huge_pages_option", Map.of(), setting.toString())).isEqualTo("-XX:+UseTransparentHugePages");
        Files.writeString(setting, "[always] madvise never\n"); // the heap gets them without asking
        assertThat(run("huge_pages_option", Map.of(), setting.toString())).isEmpty();
        Files.writeString(setting, "always madvise [never]\n"); // the JVM could only warn
        assertThat(run("huge_pages_option", Map.of(), setting.toString())).isEmpty();
        assertThat(run("huge_pages_option", Map.of(), dir.resolve("no such file").toString())).isEmpty();
    }

    /** What a replay's options end with here: the launcher reads the kernel's setting. */
    private static String hugePagesOnThisMachine() throws IOException {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(setting) && Files.readString(setting).contains("[madvise]") ? " -XX:+UseTransparentHugePages" : "";
    }

    @Test
    void aLongReplayGetsTheHeapItsHeldStateNeeds() throws Exception {
        Path big = sized("long.jsonl", 300 * MIB);
        Path small = sized("short.jsonl", 200 * MIB);
        assertThat(run("heap_for_run", Map.of(), "--events", big.toString())).isEqualTo("4g");
        assertThat(run("heap_for_run", Map.of(), "--generator.count", "1000000")).isEqualTo("4g");
        for (String[] rest : List.of(new String[] {"--events", small.toString()}, new String[] {"--events", "../config/samples/events.jsonl"},
                new String[] {}, new String[] {"--generator.count", "400000"}, new String[] {"--generator.count", "0"},
                new String[] {"--kafka.bootstrap.servers", "localhost:9092"})) {
            assertThat(run("heap_for_run", Map.of(), rest)).as("%s", List.of(rest)).isEqualTo("2g");
        }
        assertThat(run("heap_for_run", Map.of("SHOPWATCH_HEAP", "8g"), "--events", small.toString())).isEqualTo("8g");
    }

    /** A sparse file of the given size: the choice reads sizes, not contents. */
    private Path sized(String name, long bytes) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    private String choice(Map<String, String> env, String... args) throws Exception {
        return run("jit_for_run", env, args);
    }

    private String run(String function, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", ". \"$0\"; " + function + " \"$@\"", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("SHOPWATCH_JIT");
        builder.environment().remove("SHOPWATCH_GC");
        builder.environment().remove("SHOPWATCH_HEAP");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("bash exit for %s", List.of(args)).isZero();
        return out;
    }
}
