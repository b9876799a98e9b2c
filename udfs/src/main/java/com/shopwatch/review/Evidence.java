package com.shopwatch.review;

/** Why a rule matched: which field, which matcher, and the matched text. A Flink POJO. */
public class Evidence {
    /** The event field that matched (e.g. {@code title}), or {@code event} for whole-event conditions. */
    public String field;
    /** {@code terms}, {@code regex}, {@code condition}, {@code category} or a detector name. */
    public String matcher;
    /** The term (and its list), the pattern or the expression that matched. */
    public String pattern;
    /** The original text span that matched, as the user wrote it. */
    public String matchedText;
    /** Offsets of {@link #matchedText} in the field, or -1 when not a text match. */
    public int start = -1;
    public int end = -1;

    public Evidence() {}

    public Evidence(String field, String matcher, String pattern, String matchedText, int start, int end) {
        this.field = field;
        this.matcher = matcher;
        this.pattern = pattern;
        this.matchedText = matchedText;
        this.start = start;
        this.end = end;
    }

    @Override
    public String toString() {
        return matcher + " " + field + " '" + matchedText + "' (" + pattern + ")";
    }
}
