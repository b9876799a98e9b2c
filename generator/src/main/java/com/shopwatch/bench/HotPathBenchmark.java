package com.shopwatch.bench;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of the per-event hot path: decoding (JSON → typed event or dead
 * letter) and policy evaluation against the bundled packs, on synthetic APAC traffic. Prints
 * figures; not a test. {@code bin/shopwatch bench [events] [policy-dir]}.
 */
public final class HotPathBenchmark {
    private HotPathBenchmark() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path policies = Path.of(args.length > 1 ? args[1] : "config/policies");
        long now = System.currentTimeMillis();
        SyntheticEventGenerator generator = new SyntheticEventGenerator(GeneratorSettings.builder()
                .seed(11).startTimeMillis(now - n * 10L).eventsPerSecond(100).malformedFraction(0.03)
                .violationFraction(0.05).build());
        List<byte[]> payloads = new ArrayList<>(n);
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] p = generator.generate(i).payload();
            payloads.add(p);
            bytes += p.length;
        }
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        long t0 = System.nanoTime();
        PolicyLoader.Result loaded = PolicyLoader.load(PolicyLoader.readDirectory(policies));
        if (!loaded.ok()) {
            throw new IllegalStateException("invalid policies: " + loaded.errors());
        }
        CompiledPolicySet set = loaded.policies();
        long compileMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "policy set %s compiled in %d ms%n", set.version(), compileMs);
        System.out.printf(Locale.ROOT, "%d payloads, %.1f MB, avg %d bytes%n", n, bytes / 1e6, bytes / n);

        List<CommerceEvent> events = new ArrayList<>(n);
        for (int round = 0; round < 5; round++) {
            events.clear();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                DecodedRecord r = decoder.decode(payloads.get(i), RecordOrigin.generator(i), now, now);
                if (r.isAccepted()) {
                    events.add(r.event);
                }
            }
            report(round, "decode", n, System.nanoTime() - start);
        }
        for (int round = 0; round < 5; round++) {
            long matches = 0;
            long start = System.nanoTime();
            for (CommerceEvent e : events) {
                matches += set.evaluate(e).size();
            }
            report(round, "evaluate (" + matches + " matches)", events.size(), System.nanoTime() - start);
        }
    }

    private static void report(int round, String what, int count, long nanos) {
        System.out.printf(Locale.ROOT, "round %d %-28s %,12.0f events/s  (%.2f µs/event)%n", round, what,
                count / (nanos / 1e9), nanos / 1e3 / count);
    }
}
