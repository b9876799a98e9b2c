package com.shopwatch.detect;

import com.shopwatch.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A fingerprint of a listing title that survives the usual edits of copied listings: case,
 * width, accents, punctuation, word order and repeated words. Ring evidence groups members by
 * it, so a moderator sees whether the sellers sharing a photo also share the wording.
 */
public final class TitleFingerprint {
    private TitleFingerprint() {}

    /** 12 hex chars, or null for a missing title. */
    public static String of(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String normal = TextNormalizer.get().normalize(title).text();
        TreeSet<String> words = new TreeSet<>();
        TermExtractor.forEachWord(normal, words::add);
        String joined = String.join(" ", words);
        return UUID.nameUUIDFromBytes(joined.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 12);
    }
}
