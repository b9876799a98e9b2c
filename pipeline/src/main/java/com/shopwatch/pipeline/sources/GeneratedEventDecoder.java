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

    GeneratedEventDecoder(SyntheticEventGenerator generator, EventDecoder decoder) {
        this.generator = generator;
        this.decoder = decoder;
    }

    @Override
    public DecodedRecord map(Long index) {
        GeneratedEvent g = generator.generate(index);
        return decoder.decode(g.payload(), RecordOrigin.generator(index), System.currentTimeMillis(),
                generator.scheduledTimeMillis(index));
    }
}
