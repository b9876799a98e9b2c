package com.shopwatch.text;

import java.util.List;

/**
 * A term found in a text: the lists holding it, the term as written in its list, and the span
 * of the ORIGINAL text that matched ({@code matchedText} is exactly that substring).
 */
public record TermHit(List<String> lists, String term, int start, int end, String matchedText) {}
