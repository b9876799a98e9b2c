package com.shopwatch.benchmarks;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Pre-serialised events held in memory, decoded in the source like every other input, so a run
 * measures the job and not input I/O. The payloads live in this JVM (a MiniCluster runs in it);
 * only their index range travels in the job graph.
 */
final class InMemoryEvents {
    private static volatile byte[][] payloads;
    private static volatile long[] arrivals;

    private InMemoryEvents() {}

    static void hold(byte[][] p, long[] a) {
        payloads = p;
        arrivals = a;
    }

    /** The first {@code count} held payloads, as a bounded source split across the parallel readers. */
    static Source<DecodedRecord, ?, ?> source(long count, EventDecoder decoder) {
        return new DataGeneratorSource<>(new Decode(decoder), count, TypeInformation.of(DecodedRecord.class));
    }

    private static final class Decode implements GeneratorFunction<Long, DecodedRecord> {
        private static final long serialVersionUID = 1L;
        private final EventDecoder decoder;

        Decode(EventDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public DecodedRecord map(Long index) {
            int i = (int) (long) index;
            return decoder.decode(payloads[i], RecordOrigin.generator(index), System.currentTimeMillis(), arrivals[i]);
        }
    }
}
