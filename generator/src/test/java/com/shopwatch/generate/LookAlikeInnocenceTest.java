package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.policy.BundledPacks;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.RuleMatch;
import com.shopwatch.policy.RuleMode;
import com.shopwatch.text.ConfusableFolding;
import com.shopwatch.text.LookAlikes;
import com.shopwatch.text.TermHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Look-alike folding must not make innocent text prohibited. Innocent text is the generator's
 * clean traffic and the bundled sample's events that no enforced rule flags.
 */
class LookAlikeInnocenceTest {
    private static final CompiledPolicySet POLICIES = BundledPacks.compiled();
    /** Clean listing titles and descriptions, and video captions, with their country. */
    private static final List<CleanText> CLEAN = cleanTexts();

    record CleanText(String country, String text) {}

    private static List<CleanText> cleanTexts() {
        long now = System.currentTimeMillis();
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        Set<CleanText> out = new LinkedHashSet<>();
        for (long seed : new long[] {1, 7, 42}) {
            SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(seed)
                    .startTimeMillis(now - 86_400_000).eventsPerSecond(1).violationFraction(0.1).build());
            for (long i = 0; i < 3_000; i++) {
                GeneratedEvent e = g.generate(i);
                if (e.kind() == GeneratedEvent.Kind.VIOLATION) {
                    continue;
                }
                DecodedRecord d = decoder.decode(e.payload(), RecordOrigin.generator(i), now, now);
                if (d.isAccepted() && d.event.action != EventAction.DELETED) {
                    texts(d.event, out);
                }
            }
        }
        try {
            // bytes, not strings: the sample holds a line of invalid UTF-8 on purpose
            byte[] sample = Files.readAllBytes(Path.of("../config/samples/events.jsonl"));
            int from = 0;
            for (int i = 0; from < sample.length; i++) {
                int to = from;
                while (to < sample.length && sample[to] != '\n') {
                    to++;
                }
                byte[] line = java.util.Arrays.copyOfRange(sample, from, to);
                from = to + 1;
                DecodedRecord d = decoder.decode(line, RecordOrigin.generator(i), now, now);
                if (d.isAccepted() && enforced(d.event).isEmpty()) {
                    texts(d.event, out);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(out);
    }

    private static void texts(CommerceEvent e, Set<CleanText> out) {
        for (String t : new String[] {e.title, e.description, e.caption}) {
            if (t != null && !t.isBlank()) {
                out.add(new CleanText(e.country, t));
            }
        }
    }

    private static List<RuleMatch> enforced(CommerceEvent e) {
        return POLICIES.evaluate(e).stream().filter(m -> m.rule().mode() == RuleMode.ENFORCE).toList();
    }

    private static CommerceEvent listing(String country, String title) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e1";
        e.type = com.shopwatch.model.EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L1";
        e.accountId = "S1";
        e.country = country;
        e.title = title;
        return e;
    }

    @Provide
    Arbitrary<CleanText> disguisedCleanTexts() {
        return Combinators.combine(Arbitraries.of(CLEAN), Arbitraries.integers().between(1, 6), Arbitraries.longs())
                .as((c, swaps, seed) -> new CleanText(c.country(), LookAlikes.disguise(c.text(), swaps, new Random(seed))));
    }

    /** Innocent text with letters swapped for look-alikes reads as the innocent text it was. */
    @Property(tries = 3000, seed = "20261201")
    void innocentTextWithLookAlikesIsNotFlagged(@ForAll("disguisedCleanTexts") CleanText c) {
        assertThat(enforced(listing(c.country(), c.text()))).as("%s: %s", c.country(), c.text()).isEmpty();
    }

    /**
     * The real risk: an innocent word that folds onto a prohibited term. Over every distinct word
     * of the clean texts, no term of any list (of its country) matches only thanks to look-alikes.
     */
    @Example
    void noInnocentWordFoldsOntoAProhibitedTerm() {
        Map<String, String> words = new LinkedHashMap<>();
        for (CleanText c : CLEAN) {
            for (String w : c.text().split("[\\s,.;:!?()\\[\\]/]+")) {
                if (!w.isEmpty()) {
                    words.putIfAbsent(c.country() + " " + w, c.country());
                }
            }
        }
        int withLookAlikes = 0;
        int disguised = 0;
        List<String> collisions = new ArrayList<>();
        List<String> disguisedCollisions = new ArrayList<>();
        Random random = new Random(20261201);
        for (Map.Entry<String, String> e : words.entrySet()) {
            String word = e.getKey().substring(3);
            if (word.codePoints().anyMatch(ConfusableFolding::isLookAlike)) {
                withLookAlikes++;
            }
            collisions.addAll(lookAlikeHits(e.getValue(), word));
            // every letter that has a look-alike swapped: what an innocent word in another script reads as
            int swappable = LookAlikes.swappable(word);
            if (swappable > 0 && lookAlikeHits(e.getValue(), word).isEmpty()
                    && POLICIES.forCountry(e.getValue()).dictionary().match(word).isEmpty()) {
                disguised++;
                disguisedCollisions.addAll(lookAlikeHits(e.getValue(), LookAlikes.disguise(word, swappable, random)));
            }
        }
        System.out.printf("innocent words: %d distinct (country, word) pairs, %d with look-alike letters, "
                + "%d fold onto a prohibited term; %d written wholly in look-alikes, %d of them fold onto one%n",
                words.size(), withLookAlikes, collisions.size(), disguised, disguisedCollisions.size());
        assertThat(words.size()).isGreaterThan(2_000);
        assertThat(disguised).isGreaterThan(1_000);
        assertThat(collisions).isEmpty();
        assertThat(disguisedCollisions).isEmpty();
    }

    private static List<String> lookAlikeHits(String country, String text) {
        List<String> out = new ArrayList<>();
        for (TermHit hit : POLICIES.forCountry(country).dictionary().match(text)) {
            if (hit.lookAlike() && hit.lists().stream().noneMatch(l -> l.startsWith("allow:"))) {
                out.add(country + " " + text + " → " + hit.term() + " " + hit.lists());
            }
        }
        return out;
    }

    /** Brand spellings and product names of the Asian markets that contain look-alike characters. */
    @Example
    void asianProductNamesWithLookAlikesAreNotFlagged() {
        Map<String, List<String>> traps = Map.of(
                "VN", List.of("Điện thoại Samsung Galaxy chính hãng", "Sữa rửa mặt Cetaphil 500ml", "Ốp lưng iPhone 15 Pro Max",
                        "Nồi chiên không dầu Philips", "Đồng hồ Casio nam chống nước"),
                "TH", List.of("ลดราคา ๑๐๐ บาท ครีมกันแดด Nivea", "เสื้อยืด Uniqlo ไซส์ ๓๒", "หูฟัง Sony WH-1000XM5 ของแท้ ๑๐๐%",
                        "น้ำหอม Dior ๕๐ ml ของแท้"),
                "JP", List.of("ロボット掃除機 ルンバ i7+", "スマホケース iPhone15 対応 ロゴ入り", "ユニクロ エアリズム Ｔシャツ",
                        "ソニー Ｗｉ-Ｆｉ スピーカー", "無印良品 ノート Ａ５"),
                "KR", List.of("정품 나이키 에어맥스 270", "삼성 갤럭시 S24 케이스", "ㅇㅇ 브랜드 텀블러", "라네즈 립 슬리핑 마스크"),
                "TW", List.of("〇〇牌 無線耳機 二〇二四新款", "小米 行動電源 10000mAh", "義美 蛋捲 〇卡路里"),
                "SG", List.of("二〇二四年 新款 蓝牙耳机", "Ω ohm resistor pack", "α-lipoic acid 600mg", "μ-blade 3 pack"));
        traps.forEach((country, titles) -> {
            for (String t : titles) {
                assertThat(enforced(listing(country, t))).as("%s: %s", country, t).isEmpty();
            }
        });
    }
}
