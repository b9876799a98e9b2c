package com.shopwatch.detect;

import com.shopwatch.model.NameBasedIds;
import com.shopwatch.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A fingerprint of a listing title that survives the usual edits of copied listings: case,
 * width, accents, punctuation, word order and repeated words. Ring evidence groups members by
 * it, so a moderator sees whether the sellers sharing a photo also share the wording.
 */
public final class TitleFingerprint {
    private TitleFingerprint() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** 12 hex chars, or null for a missing title. */
    public static String of(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String normal = TextNormalizer.get().normalizeTransient(title).text();
        // its distinct words in order, one space apart (a sorted list, not a TreeSet's node per word)
        List<String> words = new ArrayList<>();
        TermExtractor.forEachWord(normal, words::add);
        words.sort(null);
        StringBuilder joined = new StringBuilder(normal.length());
        String previous = null;
        for (String w : words) {
            if (!w.equals(previous)) {
                if (previous != null) {
                    joined.append(' ');
                }
                joined.append(w);
                previous = w;
            }
        }
        byte[] digest = NameBasedIds.md5(joined.toString());
        // the first 6 bytes in hex: what UUID.nameUUIDFromBytes gave before (its version bits are in byte 6)
        char[] hex = new char[12];
        for (int i = 0; i < 6; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }
}
