package com.shopwatch.pipeline.backtest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The history a backtest reads, on any Flink file system: one JSONL file or a directory of them,
 * plain or gzip ({@code .gz}), in the order of their names. The job reads the same files through
 * its file source; this reads them on the client, for the line count and the sample items' texts.
 */
final class HistoryFiles {
    private static final int MAX_LINE_BYTES = 1 << 20;
    private final List<Path> files;

    private HistoryFiles(List<Path> files) {
        this.files = files;
    }

    static HistoryFiles of(String location) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            List<Path> out = new ArrayList<>();
            if (status.isDir()) {
                List<FileStatus> children = new ArrayList<>(List.of(fs.listStatus(path)));
                children.sort(Comparator.comparing(s -> s.getPath().getName()));
                for (FileStatus c : children) {
                    String name = c.getPath().getName();
                    // as Flink's file source does: hidden and in-progress files are not input
                    if (!c.isDir() && !name.startsWith(".") && !name.startsWith("_")) {
                        out.add(c.getPath());
                    }
                }
            } else {
                out.add(path);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("--events " + location + ": no files in the directory");
            }
            return new HistoryFiles(out);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("--events " + location + ": no such file or directory");
        } catch (IOException e) {
            throw new UncheckedIOException("--events " + location + ": " + e.getMessage(), e);
        }
    }

    List<Path> files() {
        return files;
    }

    /** Every line of every file, as bytes (invalid UTF-8 is the decoder's business). */
    void forEachLine(Consumer<byte[]> line) {
        for (Path p : files) {
            try (InputStream in = open(p)) {
                byte[] buf = new byte[64 * 1024];
                byte[] cur = new byte[1024];
                int len = 0;
                boolean pending = false;
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            line.accept(java.util.Arrays.copyOf(cur, stripCr(cur, len)));
                            len = 0;
                            pending = false;
                        } else {
                            // past the cap a line is a dead letter anyway (payload too large): keep a prefix
                            if (len < MAX_LINE_BYTES) {
                                if (len == cur.length) {
                                    cur = java.util.Arrays.copyOf(cur, Math.min(MAX_LINE_BYTES, cur.length * 2));
                                }
                                cur[len++] = b;
                            }
                            pending = true;
                        }
                    }
                }
                if (pending) {
                    line.accept(java.util.Arrays.copyOf(cur, stripCr(cur, len)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(p + ": " + e.getMessage(), e);
            }
        }
    }

    private static int stripCr(byte[] b, int len) {
        return len > 0 && b[len - 1] == '\r' ? len - 1 : len;
    }

    private static InputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(p.getFileSystem().open(p), 64 * 1024);
        return p.getName().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
    }
}
