package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.model.Evidence;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link CompiledPolicySet#evaluate} on the bundled packs never throws, whatever the event holds:
 * random Unicode (lone surrogates, combining marks, look-alikes, huge fields), nulls anywhere,
 * extreme prices and unknown countries. Matches carry evidence inside the text they point into.
 */
class HostileEvaluationTest {
    static final CompiledPolicySet POLICIES = BundledPacks.compiled();

    private static final String[] COUNTRIES = {"SG", "MY", "TH", "VN", "ID", "PH", "JP", "KR", "TW", "AU", "ZZ", "sg",
        "", null, "US", "\uD800"};
    private static final Double[] PRICES = {null, 0.0, -0.0, -1.0, 1e12, 1e300, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 19.99, 5.0};
    private static final String[] CURRENCIES = {null, "", "USD", "SGD", "JPY", "VND", "ZZZ", "usd", "\uDBFF"};
    private static final String[] WORDS = {"vape", "vаpe", "ｖａｐｅ", "v.a.p.e", "pistol", "glue gun", "rolex", "replica",
        "電子煙", "บุหรี่ไฟฟ้า", "thuốc lá điện tử", "whatsapp: +65 9123 4567", "wa.me/6591234567", "ganja", "đạn",
        "iPhone充电器", "\u200B", "\u0301", "\uD83D\uDE00", "\uD800", "\uDC00", "ǅ", "ﬃ", "İ", "ß", "\u202E"};

    @Property(tries = 1000, seed = "20261231")
    void randomEventsNeverThrow(@ForAll long seed) {
        Random r = new Random(seed);
        CommerceEvent e = new CommerceEvent();
        e.eventId = r.nextInt(10) == 0 ? null : "e" + seed;
        e.type = r.nextInt(20) == 0 ? null : r.nextBoolean() ? EventType.LISTING : EventType.VIDEO;
        e.action = r.nextInt(20) == 0 ? null : EventAction.values()[r.nextInt(EventAction.values().length)];
        e.eventTime = r.nextInt(5) == 0 ? r.nextLong() : 1_795_000_000_000L;
        e.itemId = r.nextInt(10) == 0 ? null : "I" + r.nextInt(100);
        e.accountId = r.nextInt(10) == 0 ? null : "A" + r.nextInt(100);
        e.country = COUNTRIES[r.nextInt(COUNTRIES.length)];
        e.language = pick(r, new String[] {null, "en", "ms", "th", "zh-TW", "und", "", "x-\uD800"});
        e.category = pick(r, new String[] {null, "vapes", "electronics", "weapons", "", "\uD800"});
        e.title = text(r);
        e.description = text(r);
        e.brand = text(r);
        e.caption = text(r);
        e.reportReason = text(r);
        e.hashtags = r.nextInt(4) == 0 ? null : new String[] {text(r), text(r)};
        e.imageHashes = r.nextInt(4) == 0 ? null : new String[] {"ab", text(r)};
        e.linkedListingIds = r.nextInt(4) == 0 ? null : new String[] {text(r)};
        e.priceAmount = PRICES[r.nextInt(PRICES.length)];
        e.priceCurrency = CURRENCIES[r.nextInt(CURRENCIES.length)];
        e.sellerCreatedAt = r.nextBoolean() ? null : r.nextLong();
        e.durationSeconds = r.nextBoolean() ? null : PRICES[r.nextInt(PRICES.length)];
        e.languageDetected = pick(r, new String[] {null, "vi", "ms", ""});
        e.languageConfidence = r.nextDouble();

        List<RuleMatch> matches = POLICIES.evaluate(e);
        assertThat(matches).isNotNull().doesNotContainNull();
        for (RuleMatch m : matches) {
            assertThat(m.rule()).isNotNull();
            assertThat(m.evidence()).hasSizeLessThanOrEqualTo(CompiledCountryPolicy.MAX_EVIDENCE);
            for (Evidence ev : m.evidence()) {
                assertThat(ev.field).isNotNull();
            }
        }
    }

    /** Found by {@link #randomEventsNeverThrow}: an event without a country threw a NullPointerException. */
    @Example
    void anEventWithoutACountryGetsTheFallbackPolicy() {
        CommerceEvent e = new CommerceEvent();
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.title = "vape pen";
        assertThat(POLICIES.forCountry(null)).isSameAs(POLICIES.fallback());
        assertThat(POLICIES.evaluate(e)).isNotNull();
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Null, empty, random code points (lone surrogates too), known words, or a huge field. */
    private static String text(Random r) {
        switch (r.nextInt(8)) {
            case 0: return null;
            case 1: return "";
            case 2: return "x ".repeat(PolicyLimits.MAX_SCANNED_TEXT_CHARS / 2 + r.nextInt(20_000)) + pick(r, WORDS);
            default: {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(30); i > 0; i--) {
                    switch (r.nextInt(4)) {
                        case 0 -> sb.append(pick(r, WORDS));
                        case 1 -> sb.append((char) r.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                        case 2 -> sb.appendCodePoint(r.nextInt(0x110000));
                        default -> sb.append(' ');
                    }
                }
                return sb.toString();
            }
        }
    }
}
