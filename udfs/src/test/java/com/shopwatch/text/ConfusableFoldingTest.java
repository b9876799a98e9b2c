package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Look-alikes of every script family in Unicode's confusables data read as the letters they imitate. */
class ConfusableFoldingTest {
    private static final TermDictionary DICT = TermDictionary.builder()
            .add("vape_terms", "vape")
            .add("weapon_terms", "pistol")
            .add("weapon_terms", "ammo")
            .add("drug_terms", "cocaine")
            .add("allow:weapons", "glue gun")
            .build();

    private static String normal(String s) {
        return TextNormalizer.get().normalize(s).text();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "Cyrillic, vаре",                // а р е
            "Cyrillic capitals, VАРЕ",       // А Р Е
            "Greek, ναpε",                   // ν α ε — ε reads as e through its capital Ε
            "Greek capitals, ΡΙЅΤΟL",        // Greek Ρ Ι Τ Ο, Cyrillic Ѕ
            "Armenian, pistօl",               // Armenian օ
            "Cherokee, ᏙᎪᏢᎬ",                 // Ꮩ? Ꭺ Ꮲ Ꭼ
            "Lisu, ꓦꓮꓑꓰ",                     // ꓦ ꓮ ꓑ ꓰ
            "Coptic, ⲣistⲟl",                  // ⲣ ⲟ
            "Old Italic, pis𐌕ol",             // 𐌕 = T
            "small capitals, ᴠᴀᴘᴇ",
            "mathematical letters, 𝐯𝐚𝐩𝐞",
            "mathematical sans, 𝗏𝖺𝗉𝖾",
            "full width, ｖａｐｅ",
            "Arabic-Indic digit as o, pist٥l",
            "Thai digit as o, pist๐l",
            "Malayalam sign as o, pistംl",
    })
    void scriptFamilyReadsAsLatin(String family, String disguised) {
        List<TermHit> hits = DICT.match("new " + disguised + " here");
        assertThat(hits).as(family + ": " + disguised).isNotEmpty();
        assertThat(hits.get(0).matchedText()).isEqualTo(disguised);
    }

    @Test
    void everyScriptOfTheDataFoldsOntoLatin() {
        // Each of these is the only reading of its code point in Unicode's data
        assertThat(ConfusableFolding.asciiOf('а')).isEqualTo("a");       // Cyrillic
        assertThat(ConfusableFolding.asciiOf('Ꭺ')).isEqualTo("a");       // Cherokee
        assertThat(ConfusableFolding.asciiOf('ꓮ')).isEqualTo("a");       // Lisu
        assertThat(ConfusableFolding.asciiOf('ⲟ')).isEqualTo("o");       // Coptic
        assertThat(ConfusableFolding.asciiOf('օ')).isEqualTo("o");       // Armenian
        assertThat(ConfusableFolding.asciiOf(0x10302)).isEqualTo("c");   // Old Italic 𐌂
        assertThat(ConfusableFolding.asciiOf('٥')).isEqualTo("o");       // Arabic-Indic five looks like o
        assertThat(ConfusableFolding.asciiOf('١')).isEqualTo("1");       // Arabic-Indic one looks like l and 1
        assertThat(ConfusableFolding.asciiOf('ᴀ')).isEqualTo("a");       // small capital
        assertThat(ConfusableFolding.asciiOf(0x1D41A)).isEqualTo("a");   // mathematical bold a
        assertThat(ConfusableFolding.size()).isGreaterThan(2000);
    }

    @Test
    void caseIsLookedAtBeforeItIsMappedAway() {
        // Capital І (Cyrillic) and Ι (Greek) look like l; their lower cases look like i: both read i
        assertThat(normal("pІstol")).isEqualTo(normal("pistol"));
        assertThat(normal("PΙSTOL")).isEqualTo(normal("pistol"));
        // Greek capital Ο and Cyrillic О look like O (and 0): they read o
        assertThat(normal("PISTΟL")).isEqualTo(normal("pistol"));
        assertThat(normal("АММО")).isEqualTo(normal("ammo"));
        // Cyrillic т looks like a small capital T, which reads t
        assertThat(normal("pisтol")).isEqualTo(normal("pistol"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vape", "VAPE", "v4pe", "v@pe", "ｖａｐｅ", "ⅴаре", "vаpе", "ᴠᴀᴘᴇ", "𝐯𝐚𝐩𝐞", "ѵаре", "v.а.p.е",
            "v а p е", "vaaаpe"})
    void leetspeakCompatibilityAndLookAlikesReachTheSameTerm(String spelling) {
        assertThat(DICT.match(spelling)).extracting(TermHit::term).containsExactly("vape");
    }

    @ParameterizedTest
    @CsvSource({
            "c0caine, cocaine",   // leetspeak 0
            "cοcaine, cocaine",   // Greek ο
            "c٥caine, cocaine",   // Arabic-Indic five looks like o
            "pist0l, pistol",
            "p1stol, pistol",     // 1, l and i all read i
            "pistοl, pistol",
            "plstol, pistol",
            "pІstol, pistol",
    })
    void digitsAndLettersMeetLeetspeak(String spelling, String term) {
        assertThat(DICT.match(spelling)).extracting(TermHit::term).containsExactly(term);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024", "iPhone 15 Pro", "100ml", "〇〇 brand", "二〇二四年 新款", "๑๐๐ บาท", "٢٠٢٤",
            "Ω ohm resistor", "α-lipoic acid", "β-carotene", "μ-blade 3 pack", "pistachio", "vapeur (French steam iron)"})
    void innocentTextWithLookAlikesStaysInnocent(String text) {
        assertThat(DICT.match(text)).as(text).isEmpty();
    }

    @Test
    void standaloneNumbersInOtherScriptsStayNumbers() {
        // Arabic-Indic and Thai numerals outside Latin words are not read as letters by leetspeak
        assertThat(normal("١٠٠")).startsWith("1");
        assertThat(normal("2024")).isEqualTo("2024");
    }

    @Test
    void hitsSayWhenAMatchNeededLookAlikesAndWhichScripts() {
        String text = "Cheap vаpe and VAPE";
        List<TermHit> hits = DICT.match(text);
        assertThat(hits).hasSize(2);
        TermHit disguised = hits.get(0);
        assertThat(disguised.matchedText()).isEqualTo("vаpe");
        assertThat(text.substring(disguised.start(), disguised.end())).isEqualTo("vаpe");
        assertThat(disguised.lookAlike()).isTrue();
        assertThat(disguised.scripts()).containsExactly("Cyrillic", "Latin");
        assertThat(hits.get(1).lookAlike()).isFalse();
        assertThat(hits.get(1).scripts()).isEmpty();
        // full width and mathematical letters are compatibility forms, not look-alikes
        assertThat(DICT.match("ｖａｐｅ")).singleElement().satisfies(h -> assertThat(h.lookAlike()).isFalse());
        assertThat(DICT.match("ᏙᎪᏢᎬ")).singleElement().satisfies(h -> assertThat(h.scripts()).containsExactly("Cherokee"));
    }

    @Test
    void offsetsPointIntoTheOriginalTextAcrossSurrogatePairs() {
        String text = "🔥🔥 pis𐌕ol 🔥";
        TermHit hit = DICT.match(text).get(0);
        assertThat(text.substring(hit.start(), hit.end())).isEqualTo("pis𐌕ol");
        assertThat(hit.scripts()).containsExactly("Latin", "Old_Italic");
    }

    @Test
    void mixedScriptWordsCountsLatinWordsWithForeignLookAlikes() {
        assertThat(ConfusableFolding.mixedScriptWords("Cheap vаpe and VАPE pens")).isEqualTo(2);
        assertThat(ConfusableFolding.mixedScriptWords("plain ascii vape")).isZero();
        // a word wholly in another script, full width, small capitals and CJK next to Latin are not mixed
        assertThat(ConfusableFolding.mixedScriptWords("москва ｖａｐｅ ᴠᴀᴘᴇ iPhone充电器 ขายiPhone")).isZero();
        assertThat(ConfusableFolding.mixedScriptWords(null)).isZero();
    }

    /** The normaliser's small table of one-char readings says what the full table says, for every BMP char. */
    @Test
    void theOneCharReadingsAgreeWithTheTableForEveryBmpChar() {
        int single = 0;
        for (int c = 0; c < 65536; c++) {
            ConfusableFolding.Reading r = ConfusableFolding.of(c);
            char answer = ConfusableFolding.singleChar((char) c);
            if (r == null || r.ascii().length() != 1) {
                assertThat((int) answer).as("U+%04X", c).isEqualTo((int) ConfusableFolding.NOT_SINGLE);
            } else {
                single++;
                assertThat((char) (answer & 0xFF)).as("U+%04X", c).isEqualTo(r.ascii().charAt(0));
                assertThat((answer & ConfusableFolding.LOOK_ALIKE) != 0).as("U+%04X look-alike", c).isEqualTo(r.lookAlike());
                assertThat(answer & ~(0xFF | ConfusableFolding.LOOK_ALIKE)).isZero();
            }
        }
        assertThat(single).as("one-char readings in the BMP").isGreaterThan(1000);
    }
}
