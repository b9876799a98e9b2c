package com.shopwatch.detect;

import com.shopwatch.policy.DetectorSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Term extraction and the trend arithmetic behind the emerging-terms detector. */
class TermDiscoveryTest {
    private static final DetectorSettings.EmergingTerms SETTINGS = DetectorSettings.defaults().emergingTerms();

    private static CommerceEvent video(String caption, String... tags) {
        CommerceEvent e = new CommerceEvent();
        e.type = EventType.VIDEO;
        e.caption = caption;
        e.hashtags = tags;
        return e;
    }

    @Test
    void termsAreNormalisedWordsAndWholeHashtagsOncePerEvent() {
        CommerceEvent e = video("Try the ＧＬＩＭＭＥＲＰＵＦＦ now!! glimmerpuff glimmerpuff 2024 ok", "#Glimmer-Puff", "#sale");
        e.title = "Vaaape pen";
        assertThat(TermExtractor.terms(e)).containsExactlyInAnyOrder("glimmerpuff", "sale", "vaaape", "pen", "try", "the", "now");
    }

    @Test
    void aKeywordStuffedEventIsCapped() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("word").append((char) ('a' + i % 26)).append((char) ('a' + i / 26)).append(' ');
        }
        assertThat(TermExtractor.terms(video(sb.toString()))).hasSize(TermExtractor.MAX_TERMS_PER_EVENT);
    }

    @Test
    void aNewTermNeedsMinCountAndLiftAndTheCountryNeedsWarmUp() {
        Map<String, Long> counts = Map.of("glimmerpuff", 20L, "phone", 40L, "rare", 14L, "steady", 30L);
        Map<String, Double> baseline = Map.of("phone", 35.0, "steady", 5.0);
        List<TermTrends.Trend> trends = TermTrends.select(counts, baseline, SETTINGS, 3);
        assertThat(trends).extracting(TermTrends.Trend::term).containsExactly("glimmerpuff", "steady");
        assertThat(trends.get(0).lift()).isEqualTo(20.0);
        assertThat(trends.get(1).lift()).isEqualTo(6.0);
        assertThat(TermTrends.select(counts, baseline, SETTINGS, 2)).isEmpty();
    }

    @Test
    void theBaselineIsAnEwmaThatDecaysOverEmptyWindows() {
        double b = TermTrends.nextBaseline(0, 10, 0.3, 1);
        assertThat(b).isEqualTo(3.0);
        assertThat(TermTrends.nextBaseline(b, 10, 0.3, 1)).isCloseTo(5.1, org.assertj.core.data.Offset.offset(1e-9));
        // Two windows later with one empty window between: decayed once, then mixed with the count.
        assertThat(TermTrends.nextBaseline(10, 0, 0.5, 2)).isEqualTo(2.5);
        assertThat(TermTrends.reference(10.0, 0.5, 3)).isEqualTo(2.5);
        assertThat(TermTrends.reference(null, 0.5, 3)).isZero();
    }

    @Test
    void titleFingerprintsIgnoreCaseOrderPunctuationAndRepeats() {
        assertThat(TitleFingerprint.of("Rolex Submariner — AAA copy"))
                .isEqualTo(TitleFingerprint.of("copy aaa, ROLEX submariner submariner"))
                .isNotEqualTo(TitleFingerprint.of("Rolex Daytona AAA copy"));
        assertThat(TitleFingerprint.of(" ")).isNull();
    }

    /** Rings restored from a checkpoint hold fingerprints of the earlier form: a use now must match them. */
    @Test
    void titleFingerprintsAreTheFormEarlierVersionsStored() {
        for (String title : List.of("Rolex Submariner — AAA copy", "ＳＡＭＳＵＮＧ Galaxy S24 Ultra 256GB", "Vape pod 🔥 ready stock", "x",
                "copy copy AAA aaa Rolex rolex b a b a", "บุหรี่ไฟฟ้า พร้อมส่ง พร้อมส่ง", "Thuốc lá điện tử giá rẻ giá rẻ", "!!! ...")) {
            String words = String.join(" ", new java.util.TreeSet<>(wordsOf(title)));
            String earlier = java.util.UUID.nameUUIDFromBytes(words.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString().replace("-", "").substring(0, 12);
            assertThat(TitleFingerprint.of(title)).as(title).isEqualTo(earlier);
        }
    }

    /** The words a fingerprint is made of, as TitleFingerprint gathers them. */
    private static List<String> wordsOf(String title) {
        List<String> words = new java.util.ArrayList<>();
        TermExtractor.forEachWord(com.shopwatch.text.TextNormalizer.get().normalize(title).text(), words::add);
        return words;
    }

    @Test
    void quantileSketchesMergeIntoAMedianWithinTheRankError() {
        QuantileSketch a = QuantileSketch.empty();
        QuantileSketch b = QuantileSketch.empty();
        for (int i = 1; i <= 5000; i++) {
            (i % 2 == 0 ? a : b).add(i);
        }
        QuantileSketch merged = QuantileSketch.of(a.toBytes()).merge(QuantileSketch.of(b.toBytes()));
        assertThat(merged.count()).isEqualTo(5000);
        assertThat(merged.median()).isBetween(2400.0, 2600.0);
        assertThat(QuantileSketch.of(null).median()).isNaN();
    }
}
