package com.shopwatch.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.detect.RingSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Held values as a checkpoint keeps them: chunks that read back whole, skip what a subtask does not own, and carry their schema. */
class HeldValuesSerializerTest {
    private static final TypeSerializer<RingSize> RING_SIZES = TypeInformation.of(RingSize.class).createSerializer(new SerializerConfigImpl());

    private static RingSize ringSize(int i) {
        RingSize r = new RingSize();
        r.sellers = i % 7;
        r.members = i % 5;
        r.newest = 1_000L * i;
        r.soleSeller = i % 3 == 0 ? null : "seller-" + i;
        r.inlineSellers = i % 4 == 0 ? new String[] {"a" + i, "b" + i} : null;
        r.inlineSellerTimes = i % 4 == 0 ? new long[] {i, 2L * i} : null;
        return r;
    }

    @Test
    void chunksOfManyValuesReadBackAndSkipTheKeysASubtaskDoesNotOwn() throws Exception {
        int n = 2 * HeldValuesSerializer.CHUNK + 123;
        Map<String, RingSize> written = new LinkedHashMap<>();
        HeldValuesSerializer.Writer<RingSize> writer = new HeldValuesSerializer.Writer<>(RING_SIZES);
        for (int i = 0; i < n; i++) {
            written.put("image-" + i, ringSize(i));
            writer.add("image-" + i, i % 2 == 0, ringSize(i));
        }
        List<HeldValuesSerializer.Chunk<RingSize>> chunks = writer.chunks();
        assertThat(chunks).hasSize(3);

        HeldValuesSerializer<RingSize> serializer = new HeldValuesSerializer<>(RING_SIZES);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (var c : chunks) {
            assertThat(serializer.copy(c)).as("shared, never changed").isSameAs(c);
            serializer.serialize(c, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Map<String, RingSize> read = new LinkedHashMap<>();
        List<Boolean> inBackend = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            serializer.deserialize(in).forEach(key -> Integer.parseInt(key.substring(6)) % 3 != 1, (key, backend, value) -> {
                read.put(key, value);
                inBackend.add(backend);
            });
        }
        assertThat(in.available()).isZero();
        Map<String, RingSize> owned = new LinkedHashMap<>(written);
        owned.keySet().removeIf(key -> Integer.parseInt(key.substring(6)) % 3 == 1);
        assertThat(read).hasSameSizeAs(owned);
        read.forEach((key, value) -> assertThat(value).usingRecursiveComparison().isEqualTo(owned.get(key)));
        int i = 0;
        for (String key : read.keySet()) {
            assertThat(inBackend.get(i++)).as(key).isEqualTo(Integer.parseInt(key.substring(6)) % 2 == 0);
        }
    }

    @Test
    void itsSnapshotRestoresASerializerThatReadsWhatTheOldOneWrote() throws Exception {
        HeldValuesSerializer<RingSize> serializer = new HeldValuesSerializer<>(RING_SIZES);
        DataOutputSerializer snapshot = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<HeldValuesSerializer.Chunk<RingSize>> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshot.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();

        HeldValuesSerializer.Writer<RingSize> writer = new HeldValuesSerializer.Writer<>(RING_SIZES);
        writer.add("image-7", true, ringSize(7));
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(writer.chunks().get(0), out);
        List<RingSize> read = new ArrayList<>();
        restored.restoreSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer())).forEach(key -> true,
                (key, inBackend, value) -> read.add(value));
        assertThat(read).singleElement().usingRecursiveComparison().isEqualTo(ringSize(7));
    }
}
