package com.shopwatch.benchmarks.micro;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import java.util.ArrayList;
import java.util.List;

/** The synthetic traffic every micro benchmark runs on: the generator's default mix, seed 11. */
final class MicroFixtures {
    private MicroFixtures() {}

    static byte[][] payloads(int n) {
        long now = System.currentTimeMillis();
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(11)
                .startTimeMillis(now - n * 100L).eventsPerSecond(10).malformedFraction(0.03).violationFraction(0.05)
                .abuseRate(1).build());
        byte[][] p = new byte[n][];
        for (int i = 0; i < n; i++) {
            p[i] = g.generate(i).payload();
        }
        return p;
    }

    /** The accepted events among {@link #payloads}. */
    static List<CommerceEvent> events(int n) {
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        long now = System.currentTimeMillis();
        List<CommerceEvent> events = new ArrayList<>();
        byte[][] p = payloads(n);
        for (int i = 0; i < p.length; i++) {
            DecodedRecord r = decoder.decode(p[i], RecordOrigin.generator(i), now, now);
            if (r.isAccepted()) {
                events.add(r.event);
            }
        }
        return events;
    }
}
