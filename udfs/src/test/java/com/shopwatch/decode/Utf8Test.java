package com.shopwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The payload check finds the first byte of the first invalid sequence, as the JDK's strict decoder rejects it. */
class Utf8Test {
    /** Decodes with REPORT and reads where the decoder stopped. */
    private static int jdkStrictIndex(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length * 2 + 2);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        return in.hasRemaining() ? in.position() : -1;
    }

    @Test
    void agreesWithTheJdkOnRandomTextAroundTheEightByteBoundaries() {
        Random r = new Random(11);
        String[] pieces = {"a", "z", "0", "{\"k\":", " ", "é", "ệ", "ภ", "中", "😀", "\u0000"};
        byte[][] invalid = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE4, (byte) 0xB8}};
        int invalidSeen = 0;
        for (int i = 0; i < 50_000; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int len = r.nextInt(40);
            for (int k = 0; k < len; k++) {
                out.writeBytes(pieces[r.nextInt(r.nextInt(4) == 0 ? pieces.length : 4)].getBytes(StandardCharsets.UTF_8));
            }
            if (r.nextInt(3) == 0) {
                byte[] bad = invalid[r.nextInt(invalid.length)];
                byte[] valid = out.toByteArray();
                int at = valid.length == 0 ? 0 : r.nextInt(valid.length + 1);
                // only at a sequence boundary: ASCII-only prefixes keep it simple
                String s = new String(valid, StandardCharsets.UTF_8);
                at = Math.min(at, s.length());
                byte[] head = s.substring(0, at).getBytes(StandardCharsets.UTF_8);
                byte[] tail = s.substring(at).getBytes(StandardCharsets.UTF_8);
                out.reset();
                out.writeBytes(head);
                out.writeBytes(bad);
                out.writeBytes(tail);
            }
            byte[] b = out.toByteArray();
            int expected = jdkStrictIndex(b);
            invalidSeen += expected >= 0 ? 1 : 0;
            assertThat(Utf8.firstInvalidByte(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(expected);
        }
        assertThat(invalidSeen).isGreaterThan(10_000);
    }

    @Test
    void findsAnInvalidByteAfterLongAsciiRuns() {
        for (int prefix = 0; prefix < 40; prefix++) {
            byte[] b = ("x".repeat(prefix) + "!" + "y".repeat(17)).getBytes(StandardCharsets.US_ASCII);
            assertThat(Utf8.firstInvalidByte(b)).isEqualTo(-1);
            b[prefix] = (byte) 0x80;
            assertThat(Utf8.firstInvalidByte(b)).as("prefix %d", prefix).isEqualTo(prefix);
        }
    }
}
