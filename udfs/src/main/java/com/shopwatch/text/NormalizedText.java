package com.shopwatch.text;

/**
 * Text after {@link TextNormalizer}, with the span of the original text each normalised char
 * came from, so a match found in normalised text is reported as the user wrote it.
 */
public final class NormalizedText {
    private final String text;
    private final int[] originalStart;
    private final int[] originalEnd;

    NormalizedText(String text, int[] originalStart, int[] originalEnd) {
        this.text = text;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
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
