package com.shopwatch.benchmarks.micro;

import com.shopwatch.benchmarks.BenchmarkTraffic;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import java.util.ArrayList;
import java.util.List;

/** What the micro benchmarks run on: the benchmarks' traffic, seed 11. */
final class MicroFixtures {
    private MicroFixtures() {}

    static byte[][] payloads(int n) {
        return BenchmarkTraffic.generate(n, 11, 10).payloads;
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
