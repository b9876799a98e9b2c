package com.shopwatch.pipeline.sinks;

import com.shopwatch.output.JsonOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes records as JSON lines into one file per subtask, for the local run and backtests: a local
 * path or any Flink file system ({@code file://}, {@code s3://}, {@code hdfs://}). With parallelism
 * 1 it is one file; with more, each subtask writes {@code name.N}. Kafka is the production sink.
 * The file is recreated when the job starts.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String file;

    public JsonLinesFileSink(java.nio.file.Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    /** A file on any Flink file system, e.g. {@code s3://bucket/backtests/1/flags.jsonl}. */
    public JsonLinesFileSink(String uri) {
        this.file = uri;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path path = new Path(file);
        if (context.getTaskInfo().getNumberOfParallelSubtasks() > 1) {
            path = new Path(path.getParent(), path.getName() + "." + context.getTaskInfo().getIndexOfThisSubtask());
        }
        FileSystem fs = path.getFileSystem();
        if (path.getParent() != null) {
            fs.mkdirs(path.getParent());
        }
        return new Writer<>(new BufferedOutputStream(fs.create(path, FileSystem.WriteMode.OVERWRITE), 64 * 1024));
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
