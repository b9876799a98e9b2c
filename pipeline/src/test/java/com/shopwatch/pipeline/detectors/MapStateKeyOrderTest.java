package com.shopwatch.pipeline.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The order of map keys without serialising them is the order of their serialized bytes, for any strings. */
class MapStateKeyOrderTest {
    @Test
    void ordersStringsAsTheirSerializedBytes() throws IOException {
        Random r = new Random(7);
        String[] alphabet = {"a", "b", "Z", "0", "-", "~", "\u007f", "\u0080", "é", "ß", "\u4e2d", "\ud83d\ude00", "\u0000"};
        for (int i = 0; i < 20_000; i++) {
            String a = text(r, alphabet);
            String b = switch (r.nextInt(5)) {
                case 0 -> a;
                case 1 -> a + text(r, alphabet);
                case 2 -> oneCharChanged(r, a, alphabet); // same length: the chars decide
                default -> text(r, alphabet);
            };
            int expected = Integer.signum(Arrays.compareUnsigned(serialized(a), serialized(b)));
            assertThat(Integer.signum(MapStateKeyOrder.STRINGS.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
        }
    }

    /** Short and long (around where the length takes a second byte and where that byte's order breaks), ASCII and not. */
    private static String text(Random r, String[] alphabet) {
        int length = switch (r.nextInt(5)) {
            case 0 -> r.nextInt(4);
            case 1 -> 120 + r.nextInt(16);
            case 2 -> 240 + r.nextInt(40);
            default -> r.nextInt(24);
        };
        boolean ascii = r.nextBoolean();
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(alphabet[r.nextInt(ascii ? 7 : alphabet.length)]);
        }
        return s.toString();
    }

    private static String oneCharChanged(Random r, String s, String[] alphabet) {
        if (s.isEmpty()) {
            return s;
        }
        int i = r.nextInt(s.length());
        String c = alphabet[r.nextInt(alphabet.length)];
        return (s.substring(0, i) + c + s.substring(i + 1)).substring(0, s.length());
    }

    private static byte[] serialized(String s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        StringSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }
}
