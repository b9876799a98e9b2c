package com.shopwatch.model;

import java.util.Locale;

/** A moderator's verdict on a task's reasons. Escalated is not a verdict: it stays out of precision. */
public enum Decision {
    VIOLATING("violating"),
    NOT_VIOLATING("not_violating"),
    ESCALATED("escalated");

    private final String code;

    Decision(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The decision of a code, in any case, with '-' or '_'; null when unknown. */
    public static Decision fromCode(String code) {
        String c = code.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Decision d : values()) {
            if (d.code.equals(c)) {
                return d;
            }
        }
        return null;
    }
}
