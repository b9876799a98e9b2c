package com.shopwatch.pipeline.detectors;

import com.shopwatch.text.AsciiText;
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
    static final Comparator<String> STRINGS = MapStateKeyOrder::compare;

    /**
     * Ids are short and ASCII: the serializer writes length + 1 in one byte below 128 and each
     * char below 128 as itself, so their bytes compare as (length, chars) without serialising
     * them (sorting a ring's hundreds of sellers did so per comparison). Others are serialised.
     */
    private static int compare(String a, String b) {
        if (a.length() < 127 && b.length() < 127 && AsciiText.isAscii(a) && AsciiText.isAscii(b)) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

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
