package com.shopwatch.benchmarks.micro;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Decoding a realistic mix (3 % malformed, every market's scripts) from bytes to typed events or dead letters. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
    static final int EVENTS = 10_000;
    private byte[][] payloads;
    private EventDecoder decoder;
    private long now;

    @Setup
    public void setUp() {
        payloads = MicroFixtures.payloads(EVENTS);
        decoder = new EventDecoder(DecoderSettings.defaults());
        now = System.currentTimeMillis();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void decode(Blackhole bh) {
        for (int i = 0; i < payloads.length; i++) {
            DecodedRecord r = decoder.decode(payloads[i], RecordOrigin.generator(i), now, now);
            bh.consume(r);
        }
    }
}
