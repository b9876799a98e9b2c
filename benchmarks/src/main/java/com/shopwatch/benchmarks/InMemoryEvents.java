package com.shopwatch.benchmarks;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.util.NumberSequenceIterator;

/**
 * Pre-serialised events held in memory, decoded in the source like every other input, so a run
 * measures the job and not input I/O. The payloads live in this JVM (a MiniCluster runs in it);
 * only their index range travels in the job graph.
 *
 * <p>The generator source hands each reader a contiguous range of indices. Read in that order, a
 * second reader would run an hour of event time ahead of the first, and every detector would hold
 * its events until the slowest reader's watermark caught up: a backlog no real topic has. So range
 * {@code c} of {@code p} reads every {@code p}-th payload from {@code c} on, the way partitions of
 * a topic each carry a share of the same hour.
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
        return new DataGeneratorSource<>(new Decode(decoder, count), count, TypeInformation.of(DecodedRecord.class));
    }

    /**
     * The payload read at generator index {@code index} when {@code count} indices are split into
     * {@code ranges} contiguous ranges the way the generator source splits them: range {@code c}
     * reads payloads c, c + ranges, c + 2 × ranges, …
     */
    static int payloadAt(long index, long[] rangeStarts) {
        int ranges = rangeStarts.length;
        int c = ranges - 1;
        while (rangeStarts[c] > index) {
            c--;
        }
        return (int) ((index - rangeStarts[c]) * ranges + c);
    }

    /** Where each of the generator source's ranges starts, for {@code count} indices and {@code ranges} readers. */
    static long[] rangeStarts(long count, int ranges) {
        NumberSequenceIterator[] split = new NumberSequenceIterator(0, count - 1).split(ranges);
        long[] starts = new long[split.length];
        for (int c = 0; c < split.length; c++) {
            starts[c] = split[c].getCurrent();
        }
        return starts;
    }

    private static final class Decode implements GeneratorFunction<Long, DecodedRecord> {
        private static final long serialVersionUID = 1L;
        private final EventDecoder decoder;
        private final long count;
        private transient long[] rangeStarts;

        Decode(EventDecoder decoder, long count) {
            this.decoder = decoder;
            this.count = count;
        }

        @Override
        public void open(SourceReaderContext context) {
            rangeStarts = rangeStarts(count, Math.min(context.currentParallelism(), (int) count));
        }

        @Override
        public DecodedRecord map(Long index) {
            int i = payloadAt(index, rangeStarts);
            return decoder.decode(payloads[i], RecordOrigin.generator(i), System.currentTimeMillis(), arrivals[i]);
        }
    }
}
