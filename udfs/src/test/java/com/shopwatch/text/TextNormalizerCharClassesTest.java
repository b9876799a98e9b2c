package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The normaliser's per-char table answers as Unicode and the classes' definitions do, for every BMP char. */
class TextNormalizerCharClassesTest {
    @Test
    void theTableAgreesWithUnicodeForEveryChar() {
        int words = 0;
        int latin = 0;
        for (int c = 0; c < 65536; c++) {
            char ch = (char) c;
            assertThat(TextNormalizer.isWordChar(ch)).as("word char U+%04X", c).isEqualTo(TextNormalizer.isWordCharByUnicode(ch));
            assertThat(TextNormalizer.isLatinLetter(ch)).as("Latin letter U+%04X", c).isEqualTo(TextNormalizer.isLatinLetterByUnicode(ch));
            assertThat(TextNormalizer.isSpacing(ch)).as("spacing U+%04X", c).isEqualTo(TextNormalizer.isSpacingByDefinition(ch));
            assertThat(TextNormalizer.isInWordSeparator(ch)).as("separator U+%04X", c)
                    .isEqualTo(TextNormalizer.isInWordSeparatorByDefinition(ch));
            assertThat(TextNormalizer.isWordish(ch)).as("wordish U+%04X", c)
                    .isEqualTo(TextNormalizer.isWordCharByUnicode(ch) || TextNormalizer.isLeetSymbolByDefinition(ch));
            assertThat(TextNormalizer.isLetter(ch)).as("letter U+%04X", c).isEqualTo(Character.isLetter(ch));
            assertThat(TextNormalizer.foldsToAscii(ch)).as("folds U+%04X", c).isEqualTo(ConfusableFolding.of(c) != null);
            assertThat(TextNormalizer.isClusterContinuation(ch)).as("cluster continuation U+%04X", c)
                    .isEqualTo(TextNormalizer.isClusterContinuationByUnicode(ch));
            words += TextNormalizer.isWordChar(ch) ? 1 : 0;
            latin += TextNormalizer.isLatinLetter(ch) ? 1 : 0;
        }
        assertThat(words).isGreaterThan(40_000);   // CJK, Hangul, Thai…
        assertThat(latin).isBetween(1_000, 2_000);
        assertThat(TextNormalizer.isWordChar('\u0e31')).isTrue();    // a Thai vowel mark
        assertThat(TextNormalizer.isLatinLetter('\u1ec7')).isTrue(); // ệ
        assertThat(TextNormalizer.isLatinLetter('\u0430')).isFalse(); // Cyrillic а
        assertThat(TextNormalizer.isSpacing('\u3000')).isTrue();      // ideographic space
        assertThat(TextNormalizer.foldsToAscii('\u0430')).isTrue();   // Cyrillic а
        assertThat(TextNormalizer.foldsToAscii('\u0e01')).isFalse();  // Thai ก
        assertThat(TextNormalizer.isInWordSeparator('·')).isTrue();
        assertThat(TextNormalizer.isClusterContinuation('\u0301')).isTrue(); // combining acute
        assertThat(TextNormalizer.isClusterContinuation('\uFF9E')).isTrue(); // half-width voiced mark
    }
}
