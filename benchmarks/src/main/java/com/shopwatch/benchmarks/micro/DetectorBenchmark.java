package com.shopwatch.benchmarks.micro;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.BundledPolicies;
import com.shopwatch.pipeline.detectors.DetectorInputRouter;
import com.shopwatch.pipeline.detectors.DuplicateContentDetector;
import com.shopwatch.pipeline.detectors.HotStateDetectorOperator;
import com.shopwatch.pipeline.detectors.EmergingTermDetector;
import com.shopwatch.pipeline.detectors.NewAccountHighValueDetector;
import com.shopwatch.pipeline.detectors.PolicyAwareDetector;
import com.shopwatch.pipeline.detectors.PriceAnomalyDetector;
import com.shopwatch.pipeline.detectors.ReportStormDetector;
import com.shopwatch.pipeline.detectors.SellerVelocityDetector;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.PolicyUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Each detector alone, per input it receives (the router's lean copies of generated traffic),
 * in Flink's keyed broadcast harness on the RocksDB backend, the bundled packs in force and the
 * watermark advancing every 100 events. Per event of the detector's own input, not of all traffic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBenchmark {
    static final int BATCH = 5_000;

    @Param({"seller_velocity", "duplicate_content", "report_storm", "price_anomaly", "new_account_high_value", "emerging_terms"})
    public String detector;

    private KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ?> harness;
    private List<CommerceEvent> inputs;
    private long span;
    private long shift;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Map<String, String> packs = BundledPolicies.load(System.getProperty("shopwatch.policies", "config/policies"));
        Duration lateness = Duration.ofMinutes(1);
        Duration ttl = Duration.ofDays(7);
        PolicyAwareDetector<?> d;
        KeySelector<CommerceEvent, String> key;
        OutputTag<CommerceEvent> tag;
        switch (detector) {
            case "seller_velocity" -> { d = new SellerVelocityDetector(packs, lateness, ttl); key = SellerVelocityDetector::key; tag = DetectorInputRouter.VELOCITY; }
            case "duplicate_content" -> { d = new DuplicateContentDetector(packs, lateness, ttl); key = DuplicateContentDetector::key; tag = DetectorInputRouter.IMAGE_USES; }
            case "report_storm" -> { d = new ReportStormDetector(packs, lateness, ttl); key = ReportStormDetector::key; tag = DetectorInputRouter.REPORTS; }
            case "price_anomaly" -> { d = new PriceAnomalyDetector(packs, lateness, ttl); key = PriceAnomalyDetector::key; tag = DetectorInputRouter.PRICED_LISTINGS; }
            case "new_account_high_value" -> { d = new NewAccountHighValueDetector(packs, lateness, ttl); key = NewAccountHighValueDetector::key; tag = DetectorInputRouter.NEW_ACCOUNT_LISTINGS; }
            case "emerging_terms" -> { d = new EmergingTermDetector(packs, lateness, ttl); key = EmergingTermDetector::key; tag = DetectorInputRouter.TERMS; }
            default -> throw new IllegalArgumentException(detector);
        }
        inputs = routed(tag);
        span = inputs.get(inputs.size() - 1).eventTime - inputs.get(0).eventTime + 60_000;
        harness = harness(d, key);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ?> harness(PolicyAwareDetector<?> d,
            KeySelector<CommerceEvent, String> key) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, Object>(
                new HotStateDetectorOperator(d, List.of(PolicyBroadcast.PACKS)), key, Types.STRING, 128, 1, 0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        return h;
    }

    /** The detector's own input: what the router sends it from the generated mix, in event-time order. */
    private static List<CommerceEvent> routed(OutputTag<CommerceEvent> tag) throws Exception {
        OneInputStreamOperatorTestHarness<CommerceEvent, CommerceEvent> router =
                ProcessFunctionTestHarnesses.forProcessFunction(new DetectorInputRouter());
        List<CommerceEvent> events = MicroFixtures.events(60_000);
        events.sort((a, b) -> Long.compare(a.eventTime, b.eventTime));
        for (CommerceEvent e : events) {
            router.processElement(e, e.eventTime);
        }
        List<CommerceEvent> out = new ArrayList<>();
        router.getSideOutput(tag).forEach(r -> out.add(r.getValue()));
        while (out.size() < BATCH) {
            out.addAll(new ArrayList<>(out));
        }
        return out.subList(0, BATCH);
    }

    /** One batch: each event moved on in time by the batches before it, so none is late. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void process() throws Exception {
        for (int i = 0; i < inputs.size(); i++) {
            CommerceEvent e = inputs.get(i).shallowCopy();
            e.eventTime += shift;
            harness.processElement(e, e.eventTime);
            if (i % 100 == 99) {
                harness.watermark(e.eventTime - 5_000); // both inputs, as the job's idle policy stream allows
            }
        }
        shift += span;
        harness.getOutput().clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
    }
}
