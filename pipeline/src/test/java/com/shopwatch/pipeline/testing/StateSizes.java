package com.shopwatch.pipeline.testing;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serialized sizes of state values with Flink's own serializers: what RocksDB stores. */
public final class StateSizes {
    /** Per RocksDB entry: key-group prefix, key and namespace framing, index and LSM overhead (estimate). */
    public static final int ENTRY_OVERHEAD = 40;

    private StateSizes() {}

    public static <T> int size(TypeInformation<T> type, T value) throws Exception {
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return out.length();
    }
}
