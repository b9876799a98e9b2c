package com.shopwatch.policy;

/**
 * Resource bounds of the policy engine, enforced when a pack set is validated (so a hostile or
 * careless push is rejected with {@code file:line} before it runs) and, for event text, when an
 * event is evaluated.
 *
 * <p>These are compile-time constants, not a pack setting, on purpose: they protect the job
 * against the packs, so a pack must not be able to raise them. The README's policy-pack section
 * lists each one with its default.
 */
public final class PolicyLimits {
    private PolicyLimits() {}

    /**
     * Characters of each text field (title, description, brand, caption, the joined hashtags)
     * that terms and regex matchers scan: only this prefix is matched, so a 64 KB description
     * costs what a 10 000-char one does. CEL conditions see the whole (decoded) field.
     */
    public static final int MAX_SCANNED_TEXT_CHARS = 10_000;

    /** Rules defined in one pack file ({@code rules:}; overrides are not counted). */
    public static final int MAX_RULES_PER_PACK = 500;

    /**
     * Terms in one pack file: every entry of {@code lists}, {@code extend_lists},
     * {@code subtract_lists} and the rules' and overrides' {@code allow} phrases.
     */
    public static final int MAX_TERMS_PER_PACK = 50_000;

    /** Characters of one CEL condition. */
    public static final int MAX_CONDITION_CHARS = 2_000;

    /** AST nodes of one CEL condition (identifiers, literals, calls, …, after macro expansion). */
    public static final int MAX_CONDITION_NODES = 500;

    /** Nesting depth of one CEL condition's AST (the root is depth 1). */
    public static final int MAX_CONDITION_DEPTH = 32;

    /**
     * Comprehensions ({@code exists}, {@code all}, {@code map}, {@code filter}, …) nested inside
     * one another. One is fine: it iterates a list an event or a pack bounds (a named list has at
     * most {@link #MAX_TERMS_PER_PACK} terms per pack). Two nested multiply those bounds
     * (50 000 × 50 000 steps per event), so nesting is rejected. Conditions are compiled
     * without CEL's macros today, so no comprehension compiles; this guards the day they are enabled.
     */
    public static final int MAX_COMPREHENSION_NESTING = 1;

    /** Characters of one regex pattern. */
    public static final int MAX_REGEX_CHARS = 1_000;

    /**
     * Instructions of one compiled RE2 program ({@code Pattern.programSize()}). RE2 runs in time
     * linear in text × program, so this bounds a regex's cost per character. {@code a{1000}} is
     * about 1 000; {@code (a{100}){100}} about 10 200 and is rejected.
     */
    public static final int MAX_REGEX_PROGRAM_SIZE = 5_000;
}
