package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedPayload;
import com.shopwatch.decode.PayloadDecoder;
import com.shopwatch.model.RecordOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads JSONL files (one record per line: events, or moderator decisions) and decodes each line, recording file and line number
 * as the origin of dead letters. A bulk format rather than a stream format because only the
 * split knows its file path. Lines are read as raw bytes so invalid UTF-8 reaches the decoder
 * (and the dead-letter sink) untouched.
 */
public final class JsonLinesFormat<T extends DecodedPayload> implements BulkFormat<T, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final PayloadDecoder<T> decoder;

    public JsonLinesFormat(PayloadDecoder<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false; // line numbers must count from the start of the file
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(decoder.producedClass());
    }

    private final class LineReader implements Reader<T> {
        private final InputStream in;
        private final String file;
        private final int maxLineBytes;
        /** Read ahead in blocks and scanned for line ends in place: no per-byte calls. */
        private final byte[] block = new byte[64 * 1024];
        private int blockPos;
        private int blockEnd;
        /** The current line's first {@link #maxLineBytes} bytes. */
        private byte[] line = new byte[1024];
        private int lineLength;
        private long lineNumber;
        /** Dead letters get the stream time of the last good event before them in the file. */
        private long lastEventTime = Long.MIN_VALUE;
        private boolean eof;

        LineReader(FileSourceSplit split, long skipLines) throws IOException {
            Path path = split.path();
            this.file = path.toString();
            InputStream raw = path.getFileSystem().open(path);
            // History is often archived compressed: a .gz file is read through gunzip.
            this.in = file.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw, 64 * 1024) : raw;
            // Lines past this are dead-lettered anyway; the cap only bounds reader memory.
            this.maxLineBytes = Math.max(decoder.settings().maxPayloadBytes(), decoder.settings().deadLetterPayloadLimit()) + 1;
            for (long i = 0; i < skipLines && nextLine(); i++) {
                // re-reading is needed to keep line numbers and event times right after a restore
                decodeCurrent();
            }
        }

        @Override
        public RecordIterator<T> readBatch() throws IOException {
            long skipBefore = lineNumber;
            @SuppressWarnings("unchecked")
            T[] batch = (T[]) new DecodedPayload[BATCH];
            int n = 0;
            while (n < BATCH && nextLine()) {
                batch[n++] = decodeCurrent();
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<T> it = new ArrayResultIterator<>();
            it.set(Arrays.copyOf(batch, n), n, CheckpointedPosition.NO_OFFSET, skipBefore);
            return it;
        }

        private long lineBytes;

        /** Reads the next line into {@link #line}; returns false at end of file. */
        private boolean nextLine() throws IOException {
            if (eof) {
                return false;
            }
            lineLength = 0;
            lineBytes = 0;
            while (true) {
                if (blockPos == blockEnd) {
                    int n = in.read(block, 0, block.length);
                    if (n <= 0) {
                        eof = true;
                        if (lineBytes == 0) {
                            return false; // no trailing partial line
                        }
                        break;
                    }
                    blockPos = 0;
                    blockEnd = n;
                }
                int start = blockPos;
                int end = start;
                while (end < blockEnd && block[end] != '\n') {
                    end++;
                }
                keep(start, end - start);
                lineBytes += end - start;
                blockPos = end;
                if (end < blockEnd) {
                    blockPos++; // past the '\n'
                    break;
                }
            }
            lineNumber++;
            return true;
        }

        /** Appends up to the cap; bytes past it are only counted (the dead letter reports the true size). */
        private void keep(int from, int length) {
            int room = maxLineBytes - lineLength;
            int n = Math.min(room, length);
            if (n <= 0) {
                return;
            }
            if (lineLength + n > line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + n)));
            }
            System.arraycopy(block, from, line, lineLength, n);
            lineLength += n;
        }

        private T decodeCurrent() {
            boolean truncated = lineBytes > lineLength;
            int length = lineLength;
            if (!truncated && length > 0 && line[length - 1] == '\r') {
                length--; // CRLF files
            }
            byte[] bytes = Arrays.copyOf(line, length);
            long now = System.currentTimeMillis();
            long arrival = lastEventTime == Long.MIN_VALUE ? now : lastEventTime;
            RecordOrigin origin = RecordOrigin.file(file, lineNumber);
            if (truncated) {
                // Over-long line: only a prefix was kept; the dead letter reports the true size.
                return decoder.tooLarge(bytes, lineBytes, origin, now, arrival);
            }
            T r = decoder.decode(bytes, origin, now, arrival);
            if (r.isAccepted()) {
                lastEventTime = Math.max(lastEventTime, r.streamTime());
            }
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

}
