package com.shopwatch.model;

/**
 * Why a rule matched (which field, which matcher, and the matched text) or why a detector fired
 * (what it counted, against which threshold, over which window, with whom). A Flink POJO.
 */
public class Evidence {
    public static final String FOLDED_CONFUSABLE = "confusable";

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
    /**
     * Terms: {@value #FOLDED_CONFUSABLE} when the match needed look-alike letters of another script
     * read as Latin (Unicode's confusables data); absent otherwise.
     */
    public String folded;
    /** Terms, with {@link #folded}: the scripts of the matched letters, e.g. {@code [Cyrillic, Latin]}. */
    public String[] scripts;
    /** Detectors: the observed figure (a count, a price in USD) and the threshold it crossed. */
    public Double observed;
    public Double threshold;
    /** Detectors: the event-time window the figure was observed in, ISO-8601 instants. */
    public String windowStart;
    public String windowEnd;
    /** Detectors: the other accounts or items involved (capped), e.g. the sellers of a ring. */
    public String[] related;

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
