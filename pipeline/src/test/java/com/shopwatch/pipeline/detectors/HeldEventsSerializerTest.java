package com.shopwatch.pipeline.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.types.SharedOnCheckpointSerializer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The held events' checkpoint serializer: shares what it copies, writes what the POJO serializer writes. */
class HeldEventsSerializerTest {
    private final TypeSerializer<HeldEvents.Held> pojo =
            TypeInformation.of(HeldEvents.Held.class).createSerializer(new SerializerConfigImpl());
    private final SharedOnCheckpointSerializer<HeldEvents.Held> shared = new SharedOnCheckpointSerializer<>(pojo);

    private static HeldEvents.Held held() {
        CommerceEvent e = DetectorFixtures.listing("L1", "S1", "MY", DetectorFixtures.T0);
        e.imageHashes = new String[] {"img"};
        return new HeldEvents.Held("img", e);
    }

    @Test
    void aCopySharesTheValueWhileTheBytesAreTheDelegates() throws Exception {
        HeldEvents.Held h = held();
        assertThat(shared.copy(h)).isSameAs(h);
        assertThat(shared.copy(h, new HeldEvents.Held())).isSameAs(h);

        DataOutputSerializer ours = new DataOutputSerializer(256);
        shared.serialize(h, ours);
        DataOutputSerializer theirs = new DataOutputSerializer(256);
        pojo.serialize(h, theirs);
        assertThat(ours.getCopyOfBuffer()).isEqualTo(theirs.getCopyOfBuffer());
        HeldEvents.Held back = shared.deserialize(new DataInputDeserializer(ours.getCopyOfBuffer()));
        assertThat(back).isNotSameAs(h);
        assertThat(back.key).isEqualTo("img");
        assertThat(back.event.itemId).isEqualTo("L1");
        assertThat(back.event.imageHashes).containsExactly("img");
    }

    @Test
    void itsSnapshotRestoresTheSameSerializerAndResolvesAsCompatible() throws Exception {
        TypeSerializerSnapshot<HeldEvents.Held> snapshot = shared.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<HeldEvents.Held> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(shared);
        assertThat(shared.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
