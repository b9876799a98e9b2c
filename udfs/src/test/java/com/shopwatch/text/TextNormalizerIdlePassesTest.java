package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The normaliser skips a pass that would copy the text unchanged (no separator inside a word,
 * spacing already single, no letter repeated). Skipping must change nothing a caller reads: the
 * text, each char's original span and its look-alike mark, against the same text through every
 * pass, for texts built to sit on each pass's edges.
 */
class TextNormalizerIdlePassesTest {
    private static void assertSameWithEveryPass(String text) {
        TextNormalizer n = TextNormalizer.get();
        assertThat(TextNormalizerReuseTest.described(n.normalize(text, true))).as("%s", text)
                .isEqualTo(TextNormalizerReuseTest.described(n.normalize(text, false)));
    }

    /** Spacing of every kind, separators, leetspeak symbols, repeats, look-alikes, marks, other scripts. */
    private static final String[] PIECES = {"a", "b", "e", "v", "p", "x", "A", "Z", "0", "1", "3", "4", "@", "$", "!", "|", "l",
        " ", " ", " ", "  ", "\t", "-", "/", "\u3000", "\u2014", "\u2010", "\n", ".", "_", "*", "\u00B7", "\u2022", "'", "\u2019", "~",
        "+", "^", "`", "\"", "\u00B4", "aa", "eee", "oo", "\u0430", "\u0435", "\u043E", "\u0456", "\u0301", "\u0E01", "\u0E32",
        "\u4E2D", "\uAC00", "\u200B", "\uFF56", "\uFF9E", "\u00E9", "e\u0301", "&", "#", "9", "\uD83D\uDE00"};

    @Test
    void skippingIdlePassesChangesNothingOnRandomTexts() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int pieces = r.nextInt(14);
            for (int k = 0; k < pieces; k++) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
            assertSameWithEveryPass(sb.toString());
        }
    }

    @Test
    void skippingIdlePassesChangesNothingOnEachPassesEdges() {
        for (String text : List.of("", " ", "a", " a", "a ", "a  b", "a\tb", "a-b", "a b", "a b c", "x y z", "ab c d e", "a b cd e f",
                "a b & c", "a b @ c", "v.a.p.e", ".vape", "vape.", "v..a", "vaaape", "v\u0430\u0430pe", "book", "b00k", "c00l vvvape!!!",
                "Genuine leather bag, 100% new", "plain vape pen", "w-e-e-d", "v a p e", "\u0E01\u0E32 \u0E01 \u0E01",
                "\u0432\u0430\u0440\u0435", "a\u3000b", "a \u3000b", "trail  ", "x\u200B y", "\uFF56\uFF41\uFF50\uFF45",
                "e\u0301e\u0301", "a b\u0301 c")) {
            assertSameWithEveryPass(text);
        }
    }
}
