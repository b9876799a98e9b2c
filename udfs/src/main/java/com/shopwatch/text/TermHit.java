package com.shopwatch.text;

import java.util.List;

/**
 * A term found in a text: the lists holding it, the term as written in its list, and the span
 * of the ORIGINAL text that matched ({@code matchedText} is exactly that substring).
 * {@code lookAlike} says the match needed confusable folding (a Cyrillic а read as a); then
 * {@code scripts} names the scripts of the matched letters, else it is empty.
 */
public record TermHit(List<String> lists, String term, int start, int end, String matchedText, boolean lookAlike,
        List<String> scripts) {

    public TermHit(List<String> lists, String term, int start, int end, String matchedText) {
        this(lists, term, start, end, matchedText, false, List.of());
    }
}
