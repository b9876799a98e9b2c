package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.text.LanguageIdentifier.LetterScripts;
import org.junit.jupiter.api.Test;

/** The language identifier's per-char script table answers as Unicode does. */
class LetterScriptsTest {
    @Test
    void theTableAgreesWithUnicodeForEveryBmpChar() {
        int[] perClass = new int[8];
        for (int c = 0; c < 65536; c++) {
            byte b = LetterScripts.of(c);
            assertThat(b).as("U+%04X", c).isEqualTo(LetterScripts.byUnicode(c));
            perClass[b]++;
        }
        assertThat(perClass[LetterScripts.HAN]).isGreaterThan(20_000);
        assertThat(perClass[LetterScripts.HANGUL]).isGreaterThan(11_000);
        assertThat(perClass[LetterScripts.LATIN]).isBetween(1_000, 2_000);
        assertThat(perClass[LetterScripts.NONE]).isGreaterThan(0);
    }

    @Test
    void eachScriptItsClass() {
        assertThat(LetterScripts.of('ก')).isEqualTo(LetterScripts.THAI);
        assertThat(LetterScripts.of('한')).isEqualTo(LetterScripts.HANGUL);
        assertThat(LetterScripts.of('中')).isEqualTo(LetterScripts.HAN);
        assertThat(LetterScripts.of('あ')).isEqualTo(LetterScripts.KANA);
        assertThat(LetterScripts.of('ア')).isEqualTo(LetterScripts.KANA);
        assertThat(LetterScripts.of('a')).isEqualTo(LetterScripts.LATIN);
        assertThat(LetterScripts.of('ệ')).isEqualTo(LetterScripts.LATIN);
        assertThat(LetterScripts.of('ー')).isEqualTo(LetterScripts.SHARED);
        assertThat(LetterScripts.of('а')).as("Cyrillic").isEqualTo(LetterScripts.OTHER);
        assertThat(LetterScripts.of('7')).isEqualTo(LetterScripts.NONE);
        assertThat(LetterScripts.of(' ')).isEqualTo(LetterScripts.NONE);
        assertThat(LetterScripts.of(0x20000)).as("a supplementary ideograph").isEqualTo(LetterScripts.HAN);
        assertThat(LetterScripts.of(0x1F600)).as("an emoji").isEqualTo(LetterScripts.NONE);
    }
}
