package com.shopwatch.policy;

import java.util.List;

/**
 * One matcher of a rule as written in a pack. Which fields are used depends on {@link #kind}:
 * terms (lists, fields), regex (pattern, fields), condition (expression), category (categories).
 */
public final class MatcherSpec {
    public enum Kind { TERMS, REGEX, CONDITION, CATEGORY }

    public Kind kind;
    /** Term list names (terms matcher). */
    public List<String> lists = List.of();
    /** Text fields to search: title, description, brand, caption, hashtags (terms and regex). */
    public List<String> fields = List.of();
    /** RE2 pattern (regex matcher). */
    public String pattern;
    /**
     * Terms and regex: match only content in these languages (the producer's tag, else the
     * identified language, else the country's default); empty means every language.
     */
    public List<String> languages = List.of();
    /** Whether the regex ignores case (default true). */
    public boolean ignoreCase = true;
    /** CEL expression (condition matcher). */
    public String expression;
    /** Category slugs (category matcher). */
    public List<String> categories = List.of();
    public String file;
    public int line;

    /** The text fields every terms/regex matcher may name. */
    public static final List<String> TEXT_FIELDS = List.of("title", "description", "brand", "caption", "hashtags");
}
