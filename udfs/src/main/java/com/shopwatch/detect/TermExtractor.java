package com.shopwatch.detect;

import com.shopwatch.text.AsciiText;
import com.shopwatch.model.CommerceEvent;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The terms of an event for trend discovery: the words of its title and caption and its
 * hashtags, in NFKC lower case (full-width and compatibility forms fold; the term stays readable
 * on a dashboard, unlike the policy matcher's evasion-folded form), each once per event. Words are runs of letters and digits; scripts written without spaces (Thai,
 * Japanese, Chinese) yield their runs as a whole, which hashtags complement.
 */
public final class TermExtractor {
    /** Terms kept per event: a keyword-stuffed listing cannot dominate a country's counts. */
    public static final int MAX_TERMS_PER_EVENT = 48;
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 40;

    private TermExtractor() {}

    public static Set<String> terms(CommerceEvent e) {
        Set<String> out = new LinkedHashSet<>();
        if (e.hashtags != null) {
            for (String tag : e.hashtags) {
                if (tag != null) {
                    addWords(tag.startsWith("#") ? tag.substring(1) : tag, out, true);
                }
            }
        }
        addWords(e.title, out, false);
        addWords(e.caption, out, false);
        return out;
    }

    /** Splits normalised text into words; a hashtag is one term even if it has separators. */
    private static void addWords(String text, Set<String> out, boolean whole) {
        if (text == null || text.isEmpty() || out.size() >= MAX_TERMS_PER_EVENT) {
            return;
        }
        // ASCII text is its own NFKC form: the normaliser (most of this class's cost) is skipped for it
        String normal = (AsciiText.isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        if (whole) {
            StringBuilder sb = new StringBuilder(normal.length());
            for (int i = 0; i < normal.length(); ) {
                int c = normal.codePointAt(i);
                if (Character.isLetterOrDigit(c)) {
                    sb.appendCodePoint(c);
                }
                i += Character.charCount(c);
            }
            keep(sb.toString(), out);
            return;
        }
        forEachWord(normal, w -> keep(w, out));
    }

    /** Calls {@code sink} with each maximal run of letters and digits of {@code text}. */
    static void forEachWord(String text, Consumer<String> sink) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                sink.accept(text.substring(start, i));
                start = -1;
            }
        }
    }

    private static void keep(String word, Set<String> out) {
        int len = word.codePointCount(0, word.length());
        if (len < MIN_LENGTH || len > MAX_LENGTH || out.size() >= MAX_TERMS_PER_EVENT) {
            return;
        }
        boolean digits = true;
        for (int i = 0; i < word.length() && digits; i++) {
            digits = Character.isDigit(word.charAt(i));
        }
        if (!digits) {
            out.add(word);
        }
    }
}
