package com.shopwatch.text;

import static com.shopwatch.text.TestWords.word;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TermDictionaryTest {
    private static final TermDictionary DICT = TermDictionary.builder()
            .add("vape_terms", "vape")
            .add("vape_terms", "e-cigarette")
            .add("vape_terms", "บุหรี่ไฟฟ้า")
            .add("vape_terms", "電子タバコ")
            .add("vape_terms", "电子烟")
            .add("vape_terms", "電子煙")
            .add("vape_terms", "전자담배")
            .add("vape_terms", "thuốc lá điện tử")
            .add("weapon_terms", "gun")
            .add("weapon_terms", "pistol")
            .add("weapon_terms", "brass knuckles")
            .add("rx_terms", "pills")
            .add("allow:weapons", "glue gun")
            .build();

    private static List<String> terms(String text) {
        return DICT.match(text).stream().map(TermHit::term).toList();
    }

    private static TermHit only(String text) {
        List<TermHit> hits = DICT.match(text);
        assertThat(hits).as("hits in '%s'", text).hasSize(1);
        return hits.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vape", "VAPE", "Vape kit", "ｖａｐｅ pen", "Ｖａｐｅ", // case and width (NFKC)
        "v.a.p.e", "V.A.P.E", "v-a-p-e", "v a p e", "v_a_p_e", "v*a*p*e", "va.pe", // separators
        "va\u200Bpe", "v\u200Da\u2060pe", "va\u00ADpe", // zero-width and soft hyphen
        "vaaaape", "vvaappee", // repeated letters
        "v4pe", "v@pe", "vap3", // leetspeak
        "vаpe", "vаре", "vαpe", // Cyrillic а/р/е, Greek α
        "Ｖ.4.р.Е", "v 4 p 3", // combined
        "best vapes here", // plural
    })
    void evasionsOfVapeStillMatch(String text) {
        assertThat(terms(text)).as(text).containsExactly("vape");
    }

    @Test
    void diacriticsAndVietnamese() {
        assertThat(terms("Bán thuốc lá điện tử giá rẻ")).containsExactly("thuốc lá điện tử");
        assertThat(terms("ban thuoc la dien tu gia re")).containsExactly("thuốc lá điện tử");
        assertThat(terms("THUỐC LÁ ĐIỆN TỬ")).containsExactly("thuốc lá điện tử");
        assertThat(terms("thuốc lá")).isEmpty();
    }

    @Test
    void leetspeakDigitsAndSymbols() {
        assertThat(terms("p1lls")).containsExactly("pills");
        assertThat(terms("pi11s")).containsExactly("pills");
        assertThat(terms("PILLS")).containsExactly("pills");
        assertThat(terms("pi$tol")).containsExactly("pistol");
        assertThat(terms("p!st0l")).containsExactly("pistol");
        assertThat(terms("pis7ol")).containsExactly("pistol");
        assertThat(terms("e-c1garette")).containsExactly("e-cigarette");
        assertThat(terms("e cigarette")).containsExactly("e-cigarette");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Burgundy dress", "I have begun", "Gunther's shop", "shotgun wedding photo", "gunmetal grey",
        "vapor barrier", "evaporate", "pistolero", "2024 price SGD 4500",
        "a big un", "spills", "guna-guna"})
    void innocentWordsContainingATermDoNotMatch(String text) {
        assertThat(terms(text)).as(text).isEmpty();
    }

    @Test
    void numbersAndPricesAreNotMangled() {
        TermDictionary d = TermDictionary.builder().add("l", "ak47").add("n", "2024").build();
        assertThat(d.match("price 2024 SGD").stream().map(TermHit::term)).containsExactly("2024");
        assertThat(d.match("AK-47 replica").stream().map(TermHit::term)).isEmpty(); // hyphen splits words
        assertThat(d.match("ak47 for sale").stream().map(TermHit::term)).containsExactly("ak47");
    }

    @Test
    void substringScriptsMatchInsideWords() {
        assertThat(terms("ขายบุหรี่ไฟฟ้าราคาถูกส่งฟรี")).containsExactly("บุหรี่ไฟฟ้า");
        assertThat(terms("新型電子タバコセット")).containsExactly("電子タバコ");
        assertThat(terms("一次性电子烟批发")).containsExactly("电子烟");
        assertThat(terms("電子煙")).containsExactly("電子煙");
        assertThat(terms("电 子 烟")).containsExactly("电子烟");
        assertThat(terms("電子ﾀﾊﾞｺ")).containsExactly("電子タバコ"); // half-width kana compose
        assertThat(terms("e\u0301-cigarette")).containsExactly("e-cigarette"); // decomposed é reads as e
        assertThat(terms("vape\u0301")).containsExactly("vape"); // a combining accent on a Latin letter drops
    }

    @Test
    void koreanMatchesAtWordStartsWithParticles() {
        assertThat(terms("전자담배를 팝니다")).containsExactly("전자담배");
        assertThat(terms("전자담배")).containsExactly("전자담배");
        assertThat(terms("반전자담배")).isEmpty();
    }

    @Test
    void evidenceIsTheOriginalSpan() {
        TermHit hit = only("Best Ｖ.Ａ.Ｐ.Ｅ kit");
        assertThat(hit.matchedText()).isEqualTo("Ｖ.Ａ.Ｐ.Ｅ");
        assertThat(hit.start()).isEqualTo(5);
        assertThat(hit.end()).isEqualTo(12);
        assertThat(only("new vaaaape!").matchedText()).isEqualTo("vaaaape");
        assertThat(only("ขายบุหรี่ไฟฟ้าราคาถูก").matchedText()).isEqualTo("บุหรี่ไฟฟ้า");
        assertThat(only("cheap v a p e now").matchedText()).isEqualTo("v a p e");
        assertThat(only("🔥🔥 vape 🔥").start()).isEqualTo(5);
        assertThat(only("brass   knuckles").matchedText()).isEqualTo("brass   knuckles");
        assertThat(only("brass knuckles").lists()).containsExactly("weapon_terms");
    }

    @Test
    void allowListedPhrasesCoverOnlyTheirOwnOccurrence() {
        List<TermHit> hits = DICT.match("Hot glue gun for crafts");
        List<TermHit> allow = hits.stream().filter(h -> h.lists().contains("allow:weapons")).toList();
        TermHit gun = hits.stream().filter(h -> h.term().equals("gun")).findFirst().orElseThrow();
        assertThat(TermDictionary.isCovered(gun, allow)).isTrue();

        List<TermHit> both = DICT.match("glue gun and a real gun");
        List<TermHit> allow2 = both.stream().filter(h -> h.lists().contains("allow:weapons")).toList();
        assertThat(both.stream().filter(h -> h.term().equals("gun")).filter(h -> !TermDictionary.isCovered(h, allow2)))
                .singleElement().satisfies(h -> assertThat(h.start()).isEqualTo(20));
    }

    @Test
    void aTermInSeveralListsReportsEveryList() {
        TermDictionary d = TermDictionary.builder().add("a", "Rolex").add("b", "rolex").build();
        assertThat(d.match("ROLEX watch")).singleElement().satisfies(h -> assertThat(h.lists()).containsExactly("a", "b"));
        assertThat(d.termCount()).isEqualTo(1);
    }

    @Test
    void rejectsTermsThatCannotMatch() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TermDictionary.builder().add("x", "  "))
                .hasMessageContaining("list 'x' has a blank term");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TermDictionary.builder().add("x", "\u200B..."))
                .hasMessageContaining("no letters or digits");
    }

    @Test
    void thousandsOfTermsAreMatchedInOnePassPerField() {
        TermDictionary.Builder b = TermDictionary.builder();
        for (int list = 0; list < 6; list++) {
            for (int i = 0; i < 1_000; i++) {
                b.add("list" + list, word(list * 1_000 + i));
            }
        }
        b.add("list0", "needle");
        TermDictionary d = b.build();
        assertThat(d.termCount()).isEqualTo(6_001);
        long before = d.scanCount();
        List<TermHit> hits = d.match("a haystack with a needle and " + word(3_042) + " and " + word(5_999) + "s");
        assertThat(d.scanCount() - before).isEqualTo(1);
        assertThat(hits).extracting(TermHit::term).containsExactlyInAnyOrder("needle", word(3_042), word(5_999));
        assertThat(hits).filteredOn(h -> h.term().equals(word(3_042))).singleElement()
                .satisfies(h -> assertThat(h.lists()).containsExactly("list3"));
        d.match("second field");
        assertThat(d.scanCount() - before).isEqualTo(2);
    }

    @Test
    void zeroWidthCharactersNeverChangeTheHits() {
        Random r = new Random(42);
        String base = "Cheap vape and pistol, thuốc lá điện tử, 電子タバコ";
        List<String> expected = terms(base);
        assertThat(expected).containsExactlyInAnyOrder("vape", "pistol", "thuốc lá điện tử", "電子タバコ");
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder sb = new StringBuilder();
            for (char c : base.toCharArray()) {
                sb.append(c);
                if (r.nextInt(4) == 0) {
                    sb.append(r.nextBoolean() ? '\u200B' : '\uFEFF');
                }
            }
            assertThat(terms(sb.toString())).as(sb.toString()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
