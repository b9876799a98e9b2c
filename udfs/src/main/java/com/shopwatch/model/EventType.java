package com.shopwatch.model;

/** The two kinds of commerce content Shopwatch moderates. */
public enum EventType {
    LISTING("listing"),
    VIDEO("video");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    /** The wire name used in event JSON and in output records. */
    public String code() {
        return code;
    }

    /** Returns the type for a wire name, or {@code null} when it is not one. */
    public static EventType fromCode(String code) {
        for (EventType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        return null;
    }
}
