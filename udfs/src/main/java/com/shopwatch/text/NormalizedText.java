package com.shopwatch.text;

/**
 * Text after {@link TextNormalizer}, with the span of the original text each normalised char
 * came from, so a match found in normalised text is reported as the user wrote it.
 */
public final class NormalizedText {
    private final String text;
    private final int[] originalStart;
    private final int[] originalEnd;
    /** Per normalised char: read as ASCII only by the confusables data; null when none was. */
    private final boolean[] lookAlike;

    NormalizedText(String text, int[] originalStart, int[] originalEnd, boolean[] lookAlike) {
        this.text = text;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
        this.lookAlike = lookAlike;
    }

    /** True when a char in {@code [from, to)} of the normalised text came from a look-alike fold. */
    public boolean lookAlikeIn(int from, int to) {
        if (lookAlike == null) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (lookAlike[i]) {
                return true;
            }
        }
        return false;
    }

    public String text() {
        return text;
    }

    /** Start (inclusive) in the original string of normalised char {@code i}. */
    public int originalStart(int i) {
        return originalStart[i];
    }

    /** End (exclusive) in the original string of normalised char {@code i}. */
    public int originalEnd(int i) {
        return originalEnd[i];
    }
}
