package com.shopwatch.pipeline.sinks;

import com.shopwatch.output.JsonOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records as JSON lines into one local file, for the local run and backtests. Run it
 * with parallelism 1 (one file, no interleaving); Kafka is the production sink. The file is
 * recreated when the job starts.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String file;

    public JsonLinesFileSink(Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path path = Paths.get(file);
        if (context.getTaskInfo().getNumberOfParallelSubtasks() > 1) {
            String name = path.getFileName().toString();
            path = path.resolveSibling(name + "." + context.getTaskInfo().getIndexOfThisSubtask());
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new Writer<>(new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OutputStream out;
        private boolean dirty;

        Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(JsonOutput.toBytes(element));
            out.write('\n');
            dirty = true;
        }

        /** Someone is usually tailing these files in a local run: flush as event time advances. */
        @Override
        public void writeWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) throws IOException {
            if (dirty) {
                out.flush();
                dirty = false;
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            dirty = false;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
