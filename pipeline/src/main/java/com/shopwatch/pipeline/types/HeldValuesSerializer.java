package com.shopwatch.pipeline.types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The elements of a {@link HotValueState}'s checkpointed list: chunks of up to {@link #CHUNK} held
 * values, each with its key and whether the keyed backend may also have a value for it, serialised
 * by the keyed state's own value serializer when the checkpoint takes them (so the task may go on
 * changing the values; a chunk is never changed, and the checkpoint shares it instead of copying
 * it). The value serializer's snapshot is nested in this one: a value's schema evolves as it would
 * in keyed state, a restored chunk being read with the serializer that wrote it.
 *
 * <p>Chunks, not one element per value: Flink's operator state records every element's offset in
 * the checkpoint's metadata, and its writer asks the stream's position per element (a flush to
 * the file each). Each value carries its length, so a subtask restoring the union skips the
 * values of keys it does not own without reading them.
 */
public final class HeldValuesSerializer<V> extends TypeSerializer<HeldValuesSerializer.Chunk<V>> {
    private static final long serialVersionUID = 1L;
    /** Values per chunk: a few hundred KB. */
    public static final int CHUNK = 4096;

    private final TypeSerializer<V> values;

    public HeldValuesSerializer(TypeSerializer<V> values) {
        this.values = Objects.requireNonNull(values);
    }

    /** What a restore does with one value of a chunk. */
    @FunctionalInterface
    public interface Restore<V> {
        void value(String key, boolean inBackend, V value) throws Exception;
    }

    /** Up to {@link #CHUNK} held values, serialised. */
    public static final class Chunk<V> {
        private final int count;
        private final byte[] bytes;
        /** The serializer its values were written with: read with it. */
        private final TypeSerializer<V> values;

        Chunk(int count, byte[] bytes, TypeSerializer<V> values) {
            this.count = count;
            this.bytes = bytes;
            this.values = values;
        }

        public int count() {
            return count;
        }

        /** Hands {@code restore} each value whose key {@code keep}s; skips the others unread. */
        public void forEach(Predicate<String> keep, Restore<V> restore) throws Exception {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            for (int i = 0; i < count; i++) {
                String key = StringValue.readString(in);
                boolean inBackend = in.readBoolean();
                int length = in.readInt();
                if (keep.test(key)) {
                    restore.value(key, inBackend, values.deserialize(in));
                } else {
                    in.skipBytesToRead(length);
                }
            }
        }
    }

    /** Serialises held values into chunks, at a checkpoint. */
    public static final class Writer<V> {
        private final TypeSerializer<V> values;
        private final DataOutputSerializer chunk = new DataOutputSerializer(64 * 1024);
        private final DataOutputSerializer value = new DataOutputSerializer(256);
        private final List<Chunk<V>> chunks = new ArrayList<>();
        private int count;

        public Writer(TypeSerializer<V> values) {
            this.values = values;
        }

        public void add(String key, boolean inBackend, V v) throws IOException {
            StringValue.writeString(key, chunk);
            chunk.writeBoolean(inBackend);
            values.serialize(v, value);
            chunk.writeInt(value.length());
            chunk.write(value.getSharedBuffer(), 0, value.length());
            value.clear();
            if (++count == CHUNK) {
                cut();
            }
        }

        public List<Chunk<V>> chunks() {
            if (count > 0) {
                cut();
            }
            return chunks;
        }

        private void cut() {
            chunks.add(new Chunk<>(count, chunk.getCopyOfBuffer(), values));
            chunk.clear();
            count = 0;
        }
    }

    @Override
    public boolean isImmutableType() {
        return true; // a chunk is never changed once made (see the class comment)
    }

    @Override
    public TypeSerializer<Chunk<V>> duplicate() {
        TypeSerializer<V> d = values.duplicate();
        return d == values ? this : new HeldValuesSerializer<>(d);
    }

    @Override
    public Chunk<V> createInstance() {
        return new Chunk<>(0, new byte[0], values);
    }

    @Override
    public Chunk<V> copy(Chunk<V> from) {
        return from;
    }

    @Override
    public Chunk<V> copy(Chunk<V> from, Chunk<V> reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Chunk<V> record, DataOutputView target) throws IOException {
        target.writeInt(record.count);
        target.writeInt(record.bytes.length);
        target.write(record.bytes);
    }

    @Override
    public Chunk<V> deserialize(DataInputView source) throws IOException {
        int count = source.readInt();
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return new Chunk<>(count, bytes, values);
    }

    @Override
    public Chunk<V> deserialize(Chunk<V> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeInt(source.readInt());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldValuesSerializer<?> other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + 11;
    }

    @Override
    public TypeSerializerSnapshot<Chunk<V>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The value serializer's snapshot nested in this one. */
    public static final class Snapshot<V> extends CompositeTypeSerializerSnapshot<Chunk<V>, HeldValuesSerializer<V>> {
        private static final int VERSION = 1;

        public Snapshot() {
        }

        Snapshot(HeldValuesSerializer<V> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(HeldValuesSerializer<V> outer) {
            return new TypeSerializer<?>[] {outer.values};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected HeldValuesSerializer<V> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new HeldValuesSerializer<>((TypeSerializer<V>) nested[0]);
        }
    }
}
