package com.shopwatch.text;

import java.util.Objects;

/**
 * The language {@link LanguageIdentifier} found for a text.
 *
 * @param language BCP-47 tag as the generator writes it ({@code en}, {@code zh-TW}, {@code fil}, ...), or
 *     {@code und} when the text has letters but none the identifier can place
 * @param confidence in [0, 1]: the share of the deciding script (method {@code script}) or the probability of
 *     the best language over the restricted Latin set (method {@code text})
 * @param method {@link #SCRIPT} or {@link #TEXT}
 */
public record DetectedLanguage(String language, double confidence, String method) {
    /** Decided by the Unicode script of the letters (Thai, Hangul, kana, Han). */
    public static final String SCRIPT = "script";
    /** Decided by the n-gram model over Latin-script text. */
    public static final String TEXT = "text";
    /** The tag of a text whose letters are of no script and no language this identifier knows. */
    public static final String UNDETERMINED = "und";

    public DetectedLanguage {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(method, "method");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
