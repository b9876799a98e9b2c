package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.generate.GeneratedEvent;
import com.shopwatch.generate.SyntheticEventGenerator;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Synthetic traffic through the same decoder as Kafka and files: the generator produces raw
 * JSON bytes (some deliberately broken), so the generator exercises the real parsing path.
 */
final class GeneratedEventDecoder implements GeneratorFunction<Long, DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final SyntheticEventGenerator generator;
    private final EventDecoder decoder;
    /** Paced (unbounded) runs: event times follow the wall clock from the first emitted event. */
    private final boolean stampAtEmission;
    private transient SyntheticEventGenerator running;

    GeneratedEventDecoder(SyntheticEventGenerator generator, EventDecoder decoder, boolean stampAtEmission) {
        this.generator = generator;
        this.decoder = decoder;
        this.stampAtEmission = stampAtEmission;
    }

    @Override
    public DecodedRecord map(Long index) {
        SyntheticEventGenerator g = running(index);
        return decoder.decode(g.generate(index).payload(), RecordOrigin.generator(index), System.currentTimeMillis(),
                g.scheduledTimeMillis(index));
    }

    /**
     * The generator as configured; for a paced run, the same traffic re-anchored so that the first
     * event this reader emits is stamped now. Anchoring at build time would leave every event
     * behind the wall clock by the job's start-up (seconds), which shows up as latency.
     */
    private SyntheticEventGenerator running(long firstIndex) {
        if (running == null) {
            if (stampAtEmission) {
                long start = System.currentTimeMillis() - (generator.scheduledTimeMillis(firstIndex)
                        - generator.settings().startTimeMillis());
                running = new SyntheticEventGenerator(generator.settings().toBuilder().startTimeMillis(start).build());
            } else {
                running = generator;
            }
        }
        return running;
    }
}
