package com.shopwatch.policy;

/** What moderators are asked to do with a flagged item. */
public enum RuleAction {
    REVIEW, REMOVE, RESTRICT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
