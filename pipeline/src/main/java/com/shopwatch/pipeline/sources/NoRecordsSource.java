package com.shopwatch.pipeline.sources;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source that ends at once: an input the run does not have (e.g. no moderator
 * decisions in a local try-out) keeps the one topology, and its end of input releases the
 * watermark of the operators it feeds.
 */
public final class NoRecordsSource<T> implements Source<T, NoRecordsSource.NoSplit, Void>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    public NoRecordsSource(Class<T> type) {
        this.type = type;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    @Override
    public SourceReader<T, NoSplit> createReader(SourceReaderContext readerContext) {
        return new SourceReader<>() {
            @Override
            public void start() {}

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) {
                return InputStatus.END_OF_INPUT;
            }

            @Override
            public List<NoSplit> snapshotState(long checkpointId) {
                return List.of();
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void addSplits(List<NoSplit> splits) {}

            @Override
            public void notifyNoMoreSplits() {}

            @Override
            public void close() {}
        };
    }

    @Override
    public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> enumContext) {
        return new SplitEnumerator<>() {
            @Override
            public void start() {}

            @Override
            public void handleSplitRequest(int subtaskId, String requesterHostname) {}

            @Override
            public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

            @Override
            public void addReader(int subtaskId) {}

            @Override
            public Void snapshotState(long checkpointId) {
                return null;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> enumContext, Void checkpoint) {
        return createEnumerator(enumContext);
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new NothingSerializer<>();
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new NothingSerializer<>();
    }

    /** There are no splits; the type exists because the API asks for one. */
    public static final class NoSplit implements SourceSplit {
        @Override
        public String splitId() {
            return "none";
        }
    }

    private static final class NothingSerializer<X> implements SimpleVersionedSerializer<X> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(X obj) {
            return new byte[0];
        }

        @Override
        public X deserialize(int version, byte[] serialized) {
            return null;
        }
    }
}
