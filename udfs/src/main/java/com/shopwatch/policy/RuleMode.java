package com.shopwatch.policy;

/** Enforce: flags go to review. Shadow: matches are only counted, to watch a new rule first. */
public enum RuleMode {
    ENFORCE, SHADOW;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
