package com.shopwatch.pipeline.types;

import com.shopwatch.text.AsciiText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The field encodings the in-flight serializers share: strings and arrays with varint lengths. */
final class WireFields {
    private WireFields() {}

    /**
     * An ASCII string as one byte a character, any other as UTF-16 chars: titles and descriptions
     * in Thai, Vietnamese or CJK made UTF-8 encoding and decoding a third of the event
     * serializer's time; this round trip is about three times faster. The length carries which.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        int n = s.length();
        if (AsciiText.isAscii(s)) {
            writeLength(n << 1, out);
            byte[] bytes = scratch(n);
            s.getBytes(0, n, bytes, 0); // the low byte of each char: the ASCII bytes, into a buffer kept for it
            out.write(bytes, 0, n);
            return;
        }
        writeLength(n << 1 | 1, out);
        for (int i = 0; i < n; i++) {
            out.writeChar(s.charAt(i));
        }
    }

    static String readString(DataInputView in) throws IOException {
        return read(in, false);
    }

    /**
     * {@link #readString} for a field whose values come from a small set (a country, a language,
     * a currency, a rule id, a severity): each thread hands out one string per value, not a new
     * one per record. Most of the strings a detector holds for an image or a review task holds for
     * an episode were such copies, each an object every young collection copied again.
     */
    static String readCode(DataInputView in) throws IOException {
        return read(in, true);
    }

    private static String read(DataInputView in, boolean code) throws IOException {
        int header = readLength(in);
        int n = header >>> 1;
        if ((header & 1) != 0) {
            char[] chars = scratchChars(n);
            for (int i = 0; i < n; i++) {
                chars[i] = in.readChar();
            }
            return new String(chars, 0, n);
        }
        byte[] ascii = scratch(n);
        in.readFully(ascii, 0, n);
        return code && n <= CodeStrings.MAX_LENGTH ? CODES.get().of(ascii, n) : new String(ascii, 0, n, StandardCharsets.ISO_8859_1);
    }

    static String readNullableCode(DataInputView in) throws IOException {
        return in.readUnsignedByte() == 0 ? null : readCode(in);
    }

    private static final ThreadLocal<CodeStrings> CODES = ThreadLocal.withInitial(CodeStrings::new);

    /** The strings of recent short ASCII values, one slot per hash: a value that lost its slot is made again. */
    static final class CodeStrings {
        static final int MAX_LENGTH = 48;
        private static final int SLOT_BITS = 10;
        private final String[] slots = new String[1 << SLOT_BITS];

        String of(byte[] ascii, int n) {
            int h = n;
            for (int i = 0; i < n; i++) {
                h = 31 * h + ascii[i];
            }
            // Fibonacci hashing: a country and its language ("TH", "th") differ by a multiple of
            // 1024 in h, so its low bits alone would put them in one slot
            int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS);
            String s = slots[slot];
            if (s == null || !sameAscii(s, ascii, n)) {
                s = new String(ascii, 0, n, StandardCharsets.ISO_8859_1);
                slots[slot] = s;
            }
            return s;
        }

        private static boolean sameAscii(String s, byte[] ascii, int n) {
            if (s.length() != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) != ascii[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A buffer per thread for an ASCII string's bytes on their way between the string and the
     * wire: reading into a fresh array and then copying it into the string allocated every field
     * twice (a fifth of what the job allocates). Strings longer than this get an array of their own.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);
    private static final int SCRATCH_MAX = 64 * 1024;

    private static byte[] scratch(int n) {
        if (n > SCRATCH_MAX) {
            return new byte[n];
        }
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[Math.max(n, Math.min(SCRATCH_MAX, b.length * 2))];
            SCRATCH.set(b);
        }
        return b;
    }

    /** The same for a non-ASCII string's chars on their way from the wire (Thai, Vietnamese, CJK titles and descriptions). */
    private static final ThreadLocal<char[]> SCRATCH_CHARS = ThreadLocal.withInitial(() -> new char[512]);

    private static char[] scratchChars(int n) {
        if (n > SCRATCH_MAX) {
            return new char[n];
        }
        char[] c = SCRATCH_CHARS.get();
        if (c.length < n) {
            c = new char[Math.max(n, Math.min(SCRATCH_MAX, c.length * 2))];
            SCRATCH_CHARS.set(c);
        }
        return c;
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

    /** An array that may be null: a presence flag, then the array. */
    static void writeNullableStrings(String[] a, DataOutputView out) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            writeStrings(a, out);
        }
    }

    static String[] readNullableStrings(DataInputView in) throws IOException {
        return in.readBoolean() ? readStrings(in) : null;
    }

    /** A boxed number that may be null: a presence flag, then the number. */
    static void writeNullableDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    static Double readNullableDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
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
