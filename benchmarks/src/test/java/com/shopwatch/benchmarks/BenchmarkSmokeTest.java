package com.shopwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.benchmarks.micro.DecodeBenchmark;
import com.shopwatch.benchmarks.micro.DetectorBenchmark;
import com.shopwatch.benchmarks.micro.PolicyBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks still run, on tiny inputs: a suite that only compiles could rot unseen. No
 * figure is asserted (speed lives in the benchmarks' output, never in tests).
 */
class BenchmarkSmokeTest {
    private static final String POLICIES = "../config/policies";

    @BeforeAll
    static void policies() {
        System.setProperty("shopwatch.policies", POLICIES);
    }

    private static String printed(ThrowingRunnable run) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theEndToEndRunFeedsTheJobFromMemoryAndFromAFile() throws Exception {
        String out = printed(() -> EndToEndBenchmark.main(new String[] {"--events", "3000", "--parallelism", "1",
                "--inputs", "memory,file", "--policies", POLICIES}));
        assertThat(out).contains("parse floor").contains("| memory | 1 | 3,000 |").contains("| file | 1 | 3,000 |");
        // the figures name the JVM, collector and pages they came from (the collector moves them by ~15 %, huge pages by ~7 %)
        assertThat(out).containsPattern("cores; Java \\S+ \\(.+\\), collector \\S.*, max heap \\d+ MB, (no )?-XX:\\+UseTransparentHugePages");
    }

    @Test
    void eachInMemoryReaderReadsEveryPthPayloadSoTheReadersKeepTheSameEventTime() {
        for (long count : new long[] {1, 2, 7, 10, 1_000, 100_003}) {
            for (int readers : new int[] {1, 2, 3, 4}) {
                long[] starts = InMemoryEvents.rangeStarts(count, (int) Math.min(readers, count));
                boolean[] read = new boolean[(int) count];
                for (long i = 0; i < count; i++) {
                    int payload = InMemoryEvents.payloadAt(i, starts);
                    assertThat(read[payload]).as("payload %d read twice (count %d, %d readers)", payload, count, readers).isFalse();
                    read[payload] = true;
                }
                // the k-th read of every reader is within one round of the others: no reader runs ahead
                for (int c = 1; c < starts.length; c++) {
                    long end = c + 1 < starts.length ? starts[c + 1] : count;
                    for (long k = 0; starts[c] + k < end; k++) {
                        assertThat(Math.abs(InMemoryEvents.payloadAt(starts[c] + k, starts) - InMemoryEvents.payloadAt(starts[0] + k, starts)))
                                .isLessThan(starts.length);
                    }
                }
            }
        }
    }

    @Test
    void theLatencyRunTimesFlagsAgainstTheirIngestion() throws Exception {
        // At half the maximum: a run paced far above what the job takes finds the maximum first.
        String out = printed(() -> LatencyBenchmark.main(new String[] {"--rate", "half-max", "--seconds", "6", "--warmup", "2",
                "--policies", POLICIES, "--checkpoint-interval", "2 s"}));
        assertThat(out).contains("checkpoints every 2 s").contains("| rule flags |").contains("| detector flags |")
                .doesNotContain("| rule flags | 0 |");
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("maximum: the source emitted ([\\d,]+) events/s").matcher(out);
        java.util.regex.Matcher paced = java.util.regex.Pattern.compile("paced at ([\\d,]+) events/s").matcher(out);
        assertThat(max.find()).as(out).isTrue();
        assertThat(paced.find()).as(out).isTrue();
        long maximum = Long.parseLong(max.group(1).replace(",", ""));
        assertThat(maximum).as("the probe's rate: the job takes some, far below its pace").isBetween(100L, (long) LatencyBenchmark.PROBE_RATE - 1);
        assertThat(Long.parseLong(paced.group(1).replace(",", ""))).isBetween(maximum / 2 - 1, maximum / 2 + 1);
        assertThat(out).containsPattern("the source emitted [\\d,]+ events/s in the measured window");
        assertThat(out).containsPattern("(?m)^Java \\S+ \\(.+\\), collector \\S.*, max heap \\d+ MB, (no )?-XX:\\+UseTransparentHugePages$");
        // checkpoints every 2 s over 6 s: the stall table names the keyed tasks they stalled, from the
        // cluster's REST API, or says it had no details of them (CheckpointStallsTest)
        assertThat(out).containsPattern("checkpoints completed in the measured window: [1-9]")
                .containsPattern("\\| [a-z-]+ \\| \\d+ ms \\| \\d+ ms \\||the REST API had no details of [1-9]");
    }

    @Test
    void theMicroBenchmarksSetUpAndRunOnce() throws Exception {
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        DecodeBenchmark decode = new DecodeBenchmark();
        decode.setUp();
        decode.decode(bh);
        PolicyBenchmark policy = new PolicyBenchmark();
        policy.packs = "10";
        policy.setUp();
        policy.evaluate(bh);
        assertThat(policy.compile()).isNotNull();
        for (String d : new String[] {"seller_velocity", "duplicate_content", "emerging_terms"}) {
            DetectorBenchmark detector = new DetectorBenchmark();
            detector.detector = d;
            detector.setUp();
            detector.process();
            detector.tearDown();
        }
    }
}
