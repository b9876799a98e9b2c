package com.shopwatch.pipeline.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The held events' serializer snapshot, as the version before the serializer's implementation
 * moved to {@code pipeline.types} wrote it into every checkpoint (the file was written by commit
 * b9ee999's classes): it must still be read back and accept the serializer as built now, or a
 * job could not restore its held events.
 */
class HeldEventsSerializerSnapshotTest {
    @Test
    void aSnapshotWrittenBeforeTheMoveRestoresAndIsCompatibleAsIs() throws Exception {
        byte[] written = Files.readAllBytes(Path.of("src/test/resources/serializer-snapshots/held-events-b9ee999.bin"));
        TypeSerializerSnapshot<HeldEvents.Held> earlier = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(written), getClass().getClassLoader());
        assertThat(earlier).isInstanceOf(UnchangedAfterSnapshotSerializer.Snapshot.class);
        assertThat(earlier.restoreSerializer()).isInstanceOf(UnchangedAfterSnapshotSerializer.class);

        TypeSerializer<HeldEvents.Held> now = new UnchangedAfterSnapshotSerializer<>(
                TypeInformation.of(HeldEvents.Held.class).createSerializer(new SerializerConfigImpl()));
        assertThat(now.snapshotConfiguration().resolveSchemaCompatibility(earlier).isCompatibleAsIs()).isTrue();
        assertThat(now.duplicate()).isInstanceOf(UnchangedAfterSnapshotSerializer.class);
        assertThat(now.copy(new HeldEvents.Held())).as("shared, not copied").isNotNull();
        HeldEvents.Held held = new HeldEvents.Held();
        assertThat(now.copy(held)).isSameAs(held);
    }
}
