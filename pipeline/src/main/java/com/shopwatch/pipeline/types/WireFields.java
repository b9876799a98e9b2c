package com.shopwatch.pipeline.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The field encodings the in-flight serializers share: UTF-8 strings and arrays with varint lengths. */
final class WireFields {
    private WireFields() {}

    static void writeString(String s, DataOutputView out) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeLength(utf8.length, out);
        out.write(utf8);
    }

    static String readString(DataInputView in) throws IOException {
        byte[] utf8 = new byte[readLength(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A string that may be null: a presence byte, then the string. */
    static void writeNullable(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            writeString(s, out);
        }
    }

    static String readNullable(DataInputView in) throws IOException {
        return in.readUnsignedByte() == 0 ? null : readString(in);
    }

    /** Null elements stay null: a copy must not change a value. */
    static void writeStrings(String[] a, DataOutputView out) throws IOException {
        writeLength(a.length, out);
        for (String s : a) {
            writeNullable(s, out);
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        String[] a = new String[readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readNullable(in);
        }
        return a;
    }

    /** Lengths as unsigned varints: most strings and arrays here take one byte. */
    static void writeLength(int n, DataOutputView out) throws IOException {
        while ((n & ~0x7F) != 0) {
            out.writeByte((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    static int readLength(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return n;
            }
            if (shift > 28) {
                throw new IOException("corrupt length in a serialized record");
            }
        }
    }
}
