package com.shopwatch.pipeline.detectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The order a RocksDB map state iterates its string keys in: their serialized bytes, unsigned
 * (Flink's {@link StringSerializer}: the length first, so shorter keys come first, then the
 * chars). Sellers that moved out of a map into a value are listed in it, so evidence names the
 * same sellers in the same order as before.
 */
final class MapStateKeyOrder {
    static final Comparator<String> STRINGS = (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));

    private MapStateKeyOrder() {}

    private static byte[] bytes(String s) {
        DataOutputSerializer out = new DataOutputSerializer(s.length() + 8);
        try {
            StringSerializer.INSTANCE.serialize(s, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: not expected
        }
        return out.getCopyOfBuffer();
    }
}
