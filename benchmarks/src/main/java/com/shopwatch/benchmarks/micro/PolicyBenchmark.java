package com.shopwatch.benchmarks.micro;

import com.shopwatch.benchmarks.SyntheticPolicyPacks;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Policy evaluation per event, and compiling a whole policy version: the bundled packs
 * ({@code full}), and synthetic packs with 10, 1 000 and 10 000 terms per country.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyBenchmark {
    static final int EVENTS = 10_000;

    @Param({"full", "10", "1000", "10000"})
    public String packs;

    private Map<String, String> files;
    private CompiledPolicySet policies;
    private List<CommerceEvent> events;

    @Setup
    public void setUp() {
        files = packs.equals("full") ? PolicyLoader.readDirectory(Path.of(System.getProperty("shopwatch.policies", "config/policies")))
                : SyntheticPolicyPacks.packs(Integer.parseInt(packs), 7);
        PolicyLoader.Result r = PolicyLoader.load(files);
        if (!r.ok()) {
            throw new IllegalStateException("invalid packs: " + r.errors());
        }
        policies = r.policies();
        events = MicroFixtures.events(EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void evaluate(Blackhole bh) {
        for (int i = 0; i < events.size(); i++) {
            bh.consume(policies.evaluate(events.get(i)));
        }
    }

    /** Parse, resolve, validate and compile every pack of the version. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object compile() {
        return PolicyLoader.load(files);
    }
}
