package com.shopwatch.benchmarks;

import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The traffic every benchmark runs on, pre-serialised as the job would receive it: the
 * generator's mix with 3 % malformed records, 5 % violations and one abuse episode per 1 000
 * events, event times ending now.
 */
public final class BenchmarkTraffic {
    public final byte[][] payloads;
    /** Each payload's scheduled event time: the stream time a dead letter of it gets. */
    public final long[] arrivals;
    public long bytes;

    private BenchmarkTraffic(int n) {
        payloads = new byte[n][];
        arrivals = new long[n];
    }

    /** {@code n} events from {@code seed}, spread at {@code eventsPerSecond} of event time. */
    public static BenchmarkTraffic generate(int n, long seed, double eventsPerSecond) {
        long now = System.currentTimeMillis();
        SyntheticEventGenerator generator = new SyntheticEventGenerator(GeneratorSettings.builder()
                .seed(seed).startTimeMillis(now - (long) (n * 1000.0 / eventsPerSecond) - 10_000).eventsPerSecond(eventsPerSecond)
                .malformedFraction(0.03).violationFraction(0.05).abuseRate(1).build());
        BenchmarkTraffic t = new BenchmarkTraffic(n);
        for (int i = 0; i < n; i++) {
            t.payloads[i] = generator.generate(i).payload();
            t.arrivals[i] = generator.scheduledTimeMillis(i);
            t.bytes += t.payloads[i].length;
        }
        return t;
    }

    /** The first {@code count} payloads as a JSONL file. */
    public void write(Path file, int count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write(payloads[i]);
                out.write('\n');
            }
        }
    }
}
