package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Content without a producer language tag is moderated in the language its text reads as, or in
 * the country's default language from the packs when the text does not tell: never {@code und}.
 */
class ContentLanguageTest {
    private static final CompiledPolicySet POLICIES = BundledPacks.compiled();
    private static final EventDecoder DECODER = new EventDecoder(DecoderSettings.defaults());

    private static CommerceEvent decode(String country, String language, String title, String description) {
        String json = "{\"event_id\":\"e1\",\"type\":\"listing\",\"action\":\"created\","
                + "\"event_time\":\"2026-11-24T11:59:00Z\",\"listing_id\":\"L1\",\"seller_id\":\"S1\",\"country\":\""
                + country + "\"," + (language == null ? "" : "\"language\":\"" + language + "\",")
                + "\"title\":" + JsonOutput.toJson(title) + ",\"description\":" + JsonOutput.toJson(description) + "}";
        long now = java.time.Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
        DecodedRecord d = DECODER.decode(json.getBytes(StandardCharsets.UTF_8), RecordOrigin.generator(0), now, now);
        assertThat(d.isAccepted()).as(json).isTrue();
        return d.event;
    }

    /** The flag of the first match, after an extra rule makes every listing match. */
    private static ReviewFlag flagOf(CommerceEvent e) {
        List<RuleMatch> matches = POLICIES.evaluate(e);
        assertThat(matches).as(e.title).isNotEmpty();
        return matches.get(0).toFlag(e, 0L);
    }

    @ParameterizedTest
    @CsvSource({
            "VN, Bán thuốc lá điện tử vape giá rẻ, Hàng chính hãng giao nhanh toàn quốc, vi, text",
            "TH, บุหรี่ไฟฟ้า vape ราคาถูก, ส่งฟรีทั่วประเทศ, th, script",
            "ID, Jual pistol airsoft murah, Barang baru kirim cepat ke seluruh Indonesia, id, text",
    })
    void untaggedContentIsRoutedInTheLanguageItsTextReadsAs(String country, String title, String description,
            String language, String method) {
        CommerceEvent e = decode(country, null, title, description);
        assertThat(e.language).isNull();
        assertThat(e.languageDetected).isEqualTo(language);
        assertThat(e.languageMethod).isEqualTo(method);
        ReviewFlag f = flagOf(e);
        assertThat(f.language).isEqualTo(language);
        assertThat(f.languageSource).isEqualTo("detected");
        assertThat(f.languageDetected.language).isEqualTo(language);
        assertThat(f.languageDetected.confidence).isBetween(0.6, 1.0);
        assertThat(JsonOutput.toJson(f)).contains("\"language_source\":\"detected\"", "\"language_detected\":{");
    }

    @Test
    void theProducersTagAlwaysWins() {
        CommerceEvent e = decode("VN", "en", "Bán thuốc lá điện tử vape giá rẻ", "Hàng chính hãng");
        assertThat(e.languageDetected).isNull(); // not even identified
        ReviewFlag f = flagOf(e);
        assertThat(f.language).isEqualTo("en");
        assertThat(f.languageSource).isEqualTo("producer");
        assertThat(f.languageDetected).isNull();
        assertThat(JsonOutput.toJson(f)).doesNotContain("language_detected");
    }

    @Test
    void textThatDoesNotTellFallsBackToTheCountrysDefaultLanguageNeverUnd() {
        // mostly Cyrillic: letters of no market language
        CommerceEvent e = decode("TH", null, "вейп жидкость vape", "");
        assertThat(e.languageDetected).isEqualTo("und");
        ReviewFlag f = flagOf(e);
        assertThat(f.language).isEqualTo("th");
        assertThat(f.languageSource).isEqualTo("country_default");
        assertThat(f.languageDetected.language).isEqualTo("und");
        // an identification below the identifier's minimum confidence is recorded, not used
        CommerceEvent unsure = decode("TH", null, "vape", "");
        unsure.languageDetected = "id";
        unsure.languageConfidence = 0.41;
        ReviewFlag g = flagOf(unsure);
        assertThat(g.language).isEqualTo("th");
        assertThat(g.languageSource).isEqualTo("country_default");
        assertThat(g.languageDetected.confidence).isEqualTo(0.41);
    }

    @Test
    void theResolutionRuleItself() {
        assertThat(ContentLanguage.of("ms", "id", 0.99, "ms")).isEqualTo("ms");
        assertThat(ContentLanguage.of(null, "id", 0.99, "ms")).isEqualTo("id");
        assertThat(ContentLanguage.of(null, "id", 0.41, "ms")).isEqualTo("ms");
        assertThat(ContentLanguage.of(null, "und", 1.0, "ms")).isEqualTo("ms");
        assertThat(ContentLanguage.of(null, null, 0.0, "ms")).isEqualTo("ms");
    }

    @Test
    void conditionsSeeTheLanguageContentIsModeratedIn() {
        String pack = """
                pack: global
                version: "1"
                default_language: en
                rules:
                  - id: vietnamese-content
                    title: Vietnamese content
                    severity: low
                    action: review
                    matchers:
                      - condition: "language == 'vi'"
                """;
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", pack));
        assertThat(r.errors()).isEmpty();
        assertThat(r.policies().evaluate(decode("VN", null, "Áo thun nam cotton giá rẻ", "Hàng chính hãng"))).hasSize(1);
        assertThat(r.policies().evaluate(decode("VN", "en", "Áo thun nam cotton giá rẻ", "Hàng chính hãng"))).isEmpty();
    }

    @Test
    void aMatcherCanBeLimitedToContentInSomeLanguages() {
        // 'baja' is steel in Malay and Indonesian but a Spanish/Filipino word too: a list for Malay text only
        String pack = """
                pack: global
                version: "1"
                default_language: ms
                lists:
                  malay_weapon_terms: [senjata api]
                rules:
                  - id: malay-weapons
                    title: Firearms (Malay text)
                    severity: high
                    action: remove
                    matchers:
                      - terms: [malay_weapon_terms]
                        languages: [ms]
                      - regex: '\\bpelu+ru\\b'
                        fields: [title]
                        languages: [ms]
                """;
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", pack));
        assertThat(r.errors()).isEmpty();
        CompiledPolicySet p = r.policies();
        // identified as Malay from the text, or tagged Malay
        assertThat(p.evaluate(decode("MY", null, "Jual senjata api murah", "Kedai kami di Kuala Lumpur"))).hasSize(1);
        assertThat(p.evaluate(decode("MY", "ms", "senjata api", ""))).hasSize(1);
        assertThat(p.evaluate(decode("MY", "ms", "peluru 9mm", ""))).hasSize(1);
        // the same words in content tagged English are out of the matcher's scope
        assertThat(p.evaluate(decode("MY", "en", "senjata api replica", ""))).isEmpty();
        assertThat(p.evaluate(decode("MY", "en", "peluru", ""))).isEmpty();

        String badPack = """
                pack: global
                version: "1"
                rules:
                  - id: bad
                    title: Bad
                    severity: low
                    action: review
                    matchers:
                      - terms: [malay_weapon_terms]
                        languages: [Malay]
                      - category: [weapons]
                        languages: [ms]
                lists:
                  malay_weapon_terms: [senjata api]
                """;
        assertThat(PolicyLoader.load(Map.of("global.yaml", badPack)).errors()).extracting(PolicyError::toString)
                .anySatisfy(e -> assertThat(e).contains("global.yaml:10", "languages: 'Malay' is not a BCP-47 language tag"))
                .anySatisfy(e -> assertThat(e).contains("global.yaml:12", "languages only applies to terms and regex matchers"));
    }

    @Test
    void packsSetTheDefaultLanguageMostSpecificFirst() {
        Map<String, String> files = Map.of(
                "global.yaml", "pack: global\nversion: \"1\"\ndefault_language: en\n",
                "apac.yaml", "pack: apac\nversion: \"1\"\ncountries: [MY, SG]\n",
                "my.yaml", "pack: MY\nversion: \"1\"\nparent: apac\ndefault_language: ms\n");
        PolicyLoader.Result r = PolicyLoader.load(files);
        assertThat(r.errors()).isEmpty();
        assertThat(r.policies().forCountry("MY").defaultLanguage()).isEqualTo("ms");
        assertThat(r.policies().forCountry("SG").defaultLanguage()).isEqualTo("en");
        assertThat(PolicyLoader.load(Map.of("global.yaml", "pack: global\nversion: \"1\"\n")).policies()
                .fallback().defaultLanguage()).isEqualTo(CompiledCountryPolicy.BUILT_IN_DEFAULT_LANGUAGE);
        for (String c : List.of("SG", "MY", "ID", "TH", "VN", "PH", "JP", "KR", "TW", "AU")) {
            assertThat(POLICIES.forCountry(c).defaultLanguage()).as(c).isNotEqualTo("und").isNotBlank();
        }
        assertThat(POLICIES.forCountry("PH").defaultLanguage()).isEqualTo("fil");
    }

    @Test
    void aMalformedDefaultLanguageIsAnErrorWithItsLine() {
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml",
                "pack: global\nversion: \"1\"\ndefault_language: Malay language\n"));
        assertThat(r.errors()).extracting(PolicyError::toString)
                .anySatisfy(s -> assertThat(s).contains("global.yaml:3", "default_language", "BCP-47"));
    }
}
