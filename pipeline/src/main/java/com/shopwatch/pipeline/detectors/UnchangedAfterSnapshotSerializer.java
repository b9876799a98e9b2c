package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.SharedOnCheckpointSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The detectors' held events' serializer: a {@link SharedOnCheckpointSerializer} under the name
 * their checkpoints carry (a snapshot is read back by its class name, so this class and its
 * {@link Snapshot} stay where they were when it held the whole implementation).
 */
final class UnchangedAfterSnapshotSerializer<T> extends SharedOnCheckpointSerializer<T> {
    private static final long serialVersionUID = 1L;

    UnchangedAfterSnapshotSerializer(TypeSerializer<T> delegate) {
        super(delegate);
    }

    @Override
    protected SharedOnCheckpointSerializer<T> around(TypeSerializer<T> delegate) {
        return new UnchangedAfterSnapshotSerializer<>(delegate);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Read back from the detectors' checkpoints by this name. */
    public static final class Snapshot<T> extends SharedOnCheckpointSerializer.Snapshot<T> {
        public Snapshot() {
        }

        Snapshot(UnchangedAfterSnapshotSerializer<T> serializer) {
            super(serializer);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected SharedOnCheckpointSerializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new UnchangedAfterSnapshotSerializer<>((TypeSerializer<T>) nested[0]);
        }
    }
}
