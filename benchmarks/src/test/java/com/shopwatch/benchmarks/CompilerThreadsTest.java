package com.shopwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CompilerThreadsTest {
    @Test
    void readsUserAndSystemTicksAfterANameThatHoldsSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler) x) S 1 4200 4200 0 -1 4194624 1520 0 0 0 731 64 0 0 20 0 40 0 1234 0 0";
        assertThat(CompilerThreads.ticks(stat)).isEqualTo(731 + 64);
    }

    @Test
    void theCompilerThreadsCpuGrowsWhenTheJitCompiles() {
        assumeTrue(CompilerThreads.available(), "per-thread CPU time needs Linux's /proc");
        double before = CompilerThreads.cpuSeconds();
        long sink = 0;
        // enough distinct hot code to keep C1 and C2 busy for well over a clock tick
        for (int round = 0; round < 200 && CompilerThreads.cpuSeconds() - before < 0.02; round++) {
            for (int i = 0; i < 200_000; i++) {
                sink += Long.toString(i * 31L + round).hashCode() ^ String.valueOf((double) i / (round + 1)).length();
            }
            sink += new java.util.TreeMap<>(java.util.Map.of("a" + round, round)).firstKey().hashCode();
        }
        assertThat(CompilerThreads.cpuSeconds() - before).as("compiler threads' CPU (sink %d)", sink).isGreaterThan(0);
    }
}
