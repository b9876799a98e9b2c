package com.shopwatch.text;

import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Identifies the language of commerce text (listing titles and descriptions, video captions and hashtags) for
 * the markets' languages: {@code en zh zh-TW ms id th vi fil ja ko}.
 *
 * <ol>
 *   <li><b>Script first.</b> Letters are counted by {@link Character.UnicodeScript}; digits, punctuation,
 *       symbols and emoji are not letters and are ignored. When at least {@value #MIN_SCRIPT_LETTERS} letters
 *       are Thai, Hangul, Hiragana, Katakana or Han, the script decides and Latin letters (brand names,
 *       sizes, {@code COD}) are ignored: Thai → {@code th}, Hangul → {@code ko}, Han with any kana →
 *       {@code ja} (Japanese mixes Han and kana), Han without kana → {@code zh-TW} for country {@code TW},
 *       else {@code zh}. The groups are Thai, Hangul, and Han+kana; the largest wins and the confidence is its
 *       share of the letters of these groups (1.0 when the text has only one of them).
 *   <li><b>Latin text</b> is scored word by word (runs of two or more letters) by the optimaize n-gram detector
 *       restricted to the markets' Latin languages ({@code en vi id ms tl}; {@code tl} is reported as
 *       {@code fil}): each word adds its probabilities, renormalised over that set, and the sums are the
 *       languages' votes. Scoring the words one by one rather than the whole text keeps a few English loanwords
 *       and brand names ({@code Flash sale}, {@code Ready Stock}, {@code Unboxing}) from outvoting the rest,
 *       which the whole-text model lets them do (measured on generated events: whole text id 71 %, ms 62 %,
 *       fil 71 %; word by word with the rules below id 98 %, ms 100 %, fil 98 %, en 99.6 %, vi 100 %).
 *       <ul>
 *         <li>Country hint: the votes of a Latin language that is not one of the country's own (ID: id; MY: ms,
 *             en; PH: fil, en; VN: vi; SG, AU: en) are weighted by {@value #FOREIGN_PRIOR}. English is never
 *             weighted down (it is everyone's second commerce language). This is what tells id from ms: the
 *             two share most words and the model alone cannot part them on titles.
 *         <li>Code-switching: English wins only when the strongest other language (id and ms counted together,
 *             after the country weights) has less than {@value #MATRIX_SHARE} of the votes; otherwise that
 *             language wins and English votes count as loanwords, left out of its confidence.
 *         <li>Confidence: the winner's share of the votes (for a non-English winner, of the non-English votes).
 *       </ul>
 *   <li>Text whose letters are mostly of another script (Cyrillic, Arabic, ...) gives {@code und}, method
 *       {@code script}, with the share of that script as confidence.
 * </ol>
 *
 * <p>Deterministic: optimaize scores texts of up to 50 chars (all words here but the rare very long hashtag)
 * exactly, without randomness; longer texts are sampled with a {@link java.util.Random} it creates for every
 * call from a fixed seed (optimaize's default 41, set explicitly here as {@value #SEED}). Its tables are built
 * from sets hashed by content (locale strings, n-gram maps), not identity, so the order of languages and so every
 * floating-point sum is the same in every JVM. The same input gives the same bits in every thread and run. The
 * detector is built once, lazily, and shared; it keeps no per-call state, so calls from many threads are safe.
 *
 * <p>Cost (measured on the 2-core machine, generated events): about 1.2 µs an event decided by script, about
 * 20-25 µs a Latin event (title + description, one detector call per word; about 6 µs a bare title). The first
 * Latin call loads the five profiles (about 0.2 s).
 */
public final class LanguageIdentifier {
    /**
     * Below this confidence a caller should treat the language as unknown. Script answers are 1.0 on market
     * text. With the country hint no generated or sample event falls below it (the remaining misses are
     * code-switched texts answered with 0.7-0.97); without a usable country, id/ms answers fall to 0.35-0.6 because
     * the model cannot part the two, and this flags 84-96 % of them, catching most of the id/ms misses, while
     * only 3-4 % of en/fil and 8 % of vi answers fall below it.
     */
    public static final double MIN_CONFIDENCE = 0.6;
    /** Weight of a Latin language that is not one of the event country's own (the country hint). */
    public static final double FOREIGN_PRIOR = 0.1;
    /** Share of the word votes above which a non-English language beats English (code-switching). */
    public static final double MATRIX_SHARE = 0.3;
    /** Shorter words (single letters, sizes like {@code S}) are not scored. */
    public static final int MIN_WORD_LETTERS = 2;
    /**
     * Latin words scored at most, from the start of the texts: plenty for a title and a description,
     * and a 64 KB description of hostile text costs no more than a long title.
     */
    public static final int MAX_WORDS = 64;
    /** Letters of a non-Latin script needed before the script decides over Latin letters. */
    public static final int MIN_SCRIPT_LETTERS = 2;
    /** The seed of the detector's sampling; optimaize's own default, made explicit. */
    public static final long SEED = 41L;
    /** optimaize built-in profile names loaded (resources {@code languages/<name>} of its jar). */
    public static final List<String> PROFILES = List.of("en", "vi", "id", "ms", "tl");

    /** Latin languages in a fixed order: index into the score arrays. */
    private static final List<String> LATIN = PROFILES;
    private static final int EN = LATIN.indexOf("en");
    private static final int ID = LATIN.indexOf("id");
    private static final int MS = LATIN.indexOf("ms");

    /** The Latin languages of each market (optimaize codes); other Latin languages get {@link #FOREIGN_PRIOR}. */
    private static final Map<String, List<String>> MARKET_LATIN = Map.of(
            "SG", List.of("en"), "AU", List.of("en"), "MY", List.of("ms", "en"), "ID", List.of("id"),
            "VN", List.of("vi"), "PH", List.of("tl", "en"));

    private static final Map<String, String> OPTIMAIZE_TO_TAG = Map.of("tl", "fil");
    private static final LanguageIdentifier INSTANCE = new LanguageIdentifier(true);
    private static final LanguageIdentifier WITHOUT_HINT = new LanguageIdentifier(false);

    private final boolean countryHint;

    private LanguageIdentifier(boolean countryHint) {
        this.countryHint = countryHint;
    }

    /** The identifier, with the country hint. */
    public static LanguageIdentifier get() {
        return INSTANCE;
    }

    /** The same identifier without the country hint on Latin text (the country still tells zh-TW from zh). */
    public static LanguageIdentifier withoutCountryHint() {
        return WITHOUT_HINT;
    }

    /** Lazy, thread-safe holder of the one shared detector (class initialisation is the lock). */
    private static final class Holder {
        static final LanguageDetector DETECTOR = build();

        private static LanguageDetector build() {
            try {
                List<LdLocale> locales = PROFILES.stream().map(LdLocale::fromString).toList();
                List<LanguageProfile> profiles = new LanguageProfileReader().readBuiltIn(locales);
                return LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(profiles)
                        .seed(SEED)
                        .probabilityThreshold(0.0)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in language profiles " + PROFILES, e);
            }
        }
    }

    /**
     * The language of the texts together.
     *
     * @param country ISO 3166 alpha-2, upper case, or null; tells zh-TW from zh and weights Latin languages
     * @param texts any number of texts, nulls and empties allowed
     * @return null when the texts have no letter at all
     */
    public DetectedLanguage identify(String country, String... texts) {
        if (texts == null || texts.length == 0) {
            return null;
        }
        int thai = 0;
        int hangul = 0;
        int han = 0;
        int kana = 0;
        int latin = 0;
        int other = 0;
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                i += Character.charCount(cp);
                switch (LetterScripts.of(cp)) {
                    case LetterScripts.THAI -> thai++;
                    case LetterScripts.HANGUL -> hangul++;
                    case LetterScripts.HAN -> han++;
                    case LetterScripts.KANA -> kana++;
                    case LetterScripts.LATIN -> latin++;
                    // not a letter; or the prolonged sound mark ー and other shared letters, which
                    // count with the text around them
                    case LetterScripts.NONE, LetterScripts.SHARED -> { }
                    default -> other++;
                }
            }
        }
        int cjk = han + kana;
        int scripted = thai + hangul + cjk;
        if (scripted + latin + other == 0) {
            return null;
        }
        if (scripted >= MIN_SCRIPT_LETTERS || (scripted > 0 && latin == 0 && scripted >= other)) {
            String lang;
            int best;
            if (thai >= hangul && thai >= cjk) {
                lang = "th";
                best = thai;
            } else if (hangul >= cjk) {
                lang = "ko";
                best = hangul;
            } else {
                lang = kana > 0 ? "ja" : "TW".equals(country) ? "zh-TW" : "zh";
                best = cjk;
            }
            return new DetectedLanguage(lang, (double) best / scripted, DetectedLanguage.SCRIPT);
        }
        if (other > latin) {
            return new DetectedLanguage(DetectedLanguage.UNDETERMINED, (double) other / (other + latin + scripted),
                    DetectedLanguage.SCRIPT);
        }
        return latin(countryHint ? country : null, texts);
    }

    /**
     * The script class of a letter, as {@link #identify} counts them: every event's texts ask per
     * code point, and Unicode's answer (a letter test, then a binary search for the script) was a
     * sixth of decoding an event. Read from a table for BMP chars, made once per JVM from the same
     * two calls.
     */
    static final class LetterScripts {
        static final byte NONE = 0;
        static final byte THAI = 1;
        static final byte HANGUL = 2;
        static final byte HAN = 3;
        static final byte KANA = 4;
        static final byte LATIN = 5;
        static final byte SHARED = 6;
        static final byte OTHER = 7;
        private static final byte[] BMP = new byte[65536];

        static {
            for (int c = 0; c < BMP.length; c++) {
                BMP[c] = byUnicode(c);
            }
        }

        private LetterScripts() {}

        static byte of(int cp) {
            return cp < BMP.length ? BMP[cp] : byUnicode(cp);
        }

        static byte byUnicode(int cp) {
            if (!Character.isLetter(cp)) {
                return NONE;
            }
            return switch (Character.UnicodeScript.of(cp)) {
                case THAI -> THAI;
                case HANGUL -> HANGUL;
                case HAN -> HAN;
                case HIRAGANA, KATAKANA -> KANA;
                case LATIN -> LATIN;
                case COMMON, INHERITED -> SHARED;
                default -> OTHER;
            };
        }
    }

    private DetectedLanguage latin(String country, String[] texts) {
        double[] score = new double[LATIN.size()];
        int words = 0;
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            int i = 0;
            int n = t.length();
            while (i < n) {
                int cp = t.codePointAt(i);
                if (!Character.isLetter(cp)) {
                    i += Character.charCount(cp);
                    continue;
                }
                int start = i;
                int letters = 0;
                while (i < n) {
                    int c = t.codePointAt(i);
                    if (!Character.isLetter(c) && Character.getType(c) != Character.NON_SPACING_MARK) {
                        break;
                    }
                    letters++;
                    i += Character.charCount(c);
                }
                if (letters >= MIN_WORD_LETTERS && addWord(t.substring(start, i), score)) {
                    words++;
                }
                if (words >= MAX_WORDS) {
                    break;
                }
            }
            if (words >= MAX_WORDS) {
                break;
            }
        }
        if (words == 0) {
            return new DetectedLanguage(DetectedLanguage.UNDETERMINED, 0.0, DetectedLanguage.TEXT);
        }
        // 1. English or not: against the strongest other family (id and ms together: they share most words),
        //    a family none of whose languages is the country's own weighted down
        List<String> own = countryHint && country != null ? MARKET_LATIN.get(country) : null;
        double malay = score[ID] + score[MS];
        double family = 0;
        double sum = score[EN];
        for (int k = 0; k < score.length; k++) {
            if (k == EN || k == MS) {
                continue;
            }
            double v = k == ID ? malay : score[k];
            boolean foreign = own != null && (k == ID
                    ? !own.contains("id") && !own.contains("ms") : !own.contains(LATIN.get(k)));
            v = foreign ? v * FOREIGN_PRIOR : v;
            sum += v;
            family = Math.max(family, v);
        }
        if (score[EN] > family && family < MATRIX_SHARE * sum) {
            return new DetectedLanguage("en", Math.min(1.0, score[EN] / sum), DetectedLanguage.TEXT);
        }
        // 2. which other language, on the votes weighted by the country; English words count as loanwords
        double others = 0;
        int best = -1;
        for (int k = 0; k < score.length; k++) {
            if (k == EN) {
                continue;
            }
            double v = own != null && !own.contains(LATIN.get(k)) ? score[k] * FOREIGN_PRIOR : score[k];
            score[k] = v;
            others += v;
            if (best < 0 || v > score[best]) {
                best = k;
            }
        }
        double confidence = score[best] / others;
        confidence = Math.min(1.0, confidence);
        String code = LATIN.get(best);
        return new DetectedLanguage(OPTIMAIZE_TO_TAG.getOrDefault(code, code), confidence, DetectedLanguage.TEXT);
    }

    /**
     * Words already scored, shared by every thread: commerce text repeats its vocabulary, and the
     * n-gram model is the costly part. Bounded; once full, new words are scored but not kept. A
     * cached score is the one the model gives, so answers do not depend on what was seen before.
     */
    private static final Map<String, double[]> WORD_SCORES = new java.util.concurrent.ConcurrentHashMap<>();
    /** About 3 MB at most. */
    static final int WORD_CACHE_SIZE = 20_000;
    private static final double[] NO_SCORE = new double[0];

    /** Adds one word's probabilities (renormalised over the Latin set); false when the model has no n-gram of it. */
    private static boolean addWord(String word, double[] score) {
        double[] s = WORD_SCORES.get(word);
        if (s == null) {
            s = scoreOf(word);
            if (WORD_SCORES.size() < WORD_CACHE_SIZE) {
                WORD_SCORES.putIfAbsent(word, s);
            }
        }
        if (s == NO_SCORE) {
            return false;
        }
        for (int k = 0; k < s.length; k++) {
            score[k] += s[k];
        }
        return true;
    }

    private static double[] scoreOf(String word) {
        List<com.optimaize.langdetect.DetectedLanguage> probs = Holder.DETECTOR.getProbabilities(word);
        double sum = 0;
        for (com.optimaize.langdetect.DetectedLanguage d : probs) {
            sum += d.getProbability();
        }
        if (!(sum > 0)) {
            return NO_SCORE;
        }
        double[] s = new double[LATIN.size()];
        for (com.optimaize.langdetect.DetectedLanguage d : probs) {
            int k = LATIN.indexOf(d.getLocale().getLanguage());
            if (k >= 0) {
                s[k] += d.getProbability() / sum;
            }
        }
        return s;
    }
}
