package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermExtractorTest {
    @Test
    void everyAsciiCharIsItsOwnNfkcForm() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        assertThat(com.shopwatch.text.AsciiText.isAscii(all.toString())).isTrue();
        assertThat(Normalizer.normalize(all, Normalizer.Form.NFKC)).isEqualTo(all.toString());
        assertThat(com.shopwatch.text.AsciiText.isAscii("vape\u00e9")).isFalse();
    }

    @Test
    void wordsAndHashtagsFoldCaseAndCompatibilityForms() {
        CommerceEvent e = new CommerceEvent();
        e.title = "ＶＡＰＥ Pods 2024 vape";
        e.caption = "Ｍｉｎｔ flavour ok";
        e.hashtags = new String[] {"#Vape-Life", "ｇｉｆｔ"};
        assertThat(TermExtractor.terms(e)).containsExactly("vapelife", "gift", "vape", "pods", "mint", "flavour");
    }

    /** The ASCII shortcut gives the terms the normaliser gives, over random ASCII and mixed texts. */
    @Test
    void theAsciiShortcutGivesTheSameTermsAsTheNormaliser() {
        Random random = new Random(7);
        String alphabet = "abcXYZ019 -_#.,!?'\u00e9\uff36\u0e01\u30a2\u00c5\ufb01\u2460";
        for (int n = 0; n < 2_000; n++) {
            boolean ascii = n % 2 == 0;
            CommerceEvent e = new CommerceEvent();
            e.title = text(random, alphabet, ascii);
            e.caption = random.nextBoolean() ? null : text(random, alphabet, ascii);
            e.hashtags = random.nextBoolean() ? null : new String[] {text(random, alphabet, ascii), text(random, alphabet, ascii)};
            assertThat(TermExtractor.terms(e)).as(e.title + " / " + e.caption).containsExactlyElementsOf(reference(e));
        }
    }

    private static String text(Random random, String alphabet, boolean ascii) {
        int bound = ascii ? alphabet.indexOf('\u00e9') : alphabet.length();
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(bound)));
        }
        return sb.toString();
    }

    /** The terms as the extractor made them before the shortcut: NFKC of every text. */
    private static Set<String> reference(CommerceEvent e) {
        Set<String> out = new LinkedHashSet<>();
        List<String[]> parts = new ArrayList<>();
        if (e.hashtags != null) {
            for (String tag : e.hashtags) {
                parts.add(new String[] {tag.startsWith("#") ? tag.substring(1) : tag, "whole"});
            }
        }
        parts.add(new String[] {e.title, "words"});
        parts.add(new String[] {e.caption, "words"});
        for (String[] p : parts) {
            if (p[0] == null || p[0].isEmpty() || out.size() >= TermExtractor.MAX_TERMS_PER_EVENT) {
                continue;
            }
            String normal = Normalizer.normalize(p[0], Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            if (p[1].equals("whole")) {
                StringBuilder sb = new StringBuilder();
                normal.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
                keep(sb.toString(), out);
            } else {
                TermExtractor.forEachWord(normal, w -> keep(w, out));
            }
        }
        return out;
    }

    private static void keep(String word, Set<String> out) {
        int len = word.codePointCount(0, word.length());
        if (len < TermExtractor.MIN_LENGTH || len > TermExtractor.MAX_LENGTH || out.size() >= TermExtractor.MAX_TERMS_PER_EVENT
                || word.chars().allMatch(Character::isDigit)) {
            return;
        }
        out.add(word);
    }
}
