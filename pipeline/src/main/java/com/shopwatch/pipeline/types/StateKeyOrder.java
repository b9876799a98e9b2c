package com.shopwatch.pipeline.types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The orders RocksDB keeps string keys in. A map state iterates its user keys by their
 * serialized bytes, unsigned ({@link StringSerializer}: the length first, so shorter keys come
 * first, then the chars). A keyed state's keys sit by key group, then by their serialized
 * bytes: writing many of them back in that order hands RocksDB's memtable (a skip list that
 * starts each insert from where the previous one went in) a run of ascending keys, which it
 * inserts far faster than the same keys scattered.
 */
public final class StateKeyOrder {
    /** The order of the serialized bytes. */
    public static final Comparator<String> SERIALIZED = StateKeyOrder::compareSerialized;

    private StateKeyOrder() {}

    /** The order of a keyed state's keys for a job of that maximum parallelism (its key groups). */
    public static Comparator<String> ofKeyedState(int maxParallelism) {
        return Comparator.comparingInt((String key) -> KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism))
                .thenComparing(SERIALIZED);
    }

    /**
     * Ids are short and ASCII: the serializer writes length + 1 in one byte below 128 and each
     * char below 128 as itself, so their bytes compare as (length, chars) without serialising
     * them (sorting a ring's hundreds of sellers did so per comparison). Others are serialised.
     */
    private static int compareSerialized(String a, String b) {
        if (a.length() < 127 && b.length() < 127 && ascii(a) && ascii(b)) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

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
