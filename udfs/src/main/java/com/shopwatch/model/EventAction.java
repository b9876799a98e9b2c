package com.shopwatch.model;

import java.util.EnumSet;
import java.util.Set;

/** What happened to a listing or video. Each action is valid for a fixed set of types. */
public enum EventAction {
    CREATED("created", EnumSet.of(EventType.LISTING)),
    UPDATED("updated", EnumSet.of(EventType.LISTING, EventType.VIDEO)),
    DELETED("deleted", EnumSet.of(EventType.LISTING, EventType.VIDEO)),
    PUBLISHED("published", EnumSet.of(EventType.VIDEO)),
    REPORTED("reported", EnumSet.of(EventType.VIDEO));

    private final String code;
    private final Set<EventType> validFor;

    EventAction(String code, Set<EventType> validFor) {
        this.code = code;
        this.validFor = validFor;
    }

    public String code() {
        return code;
    }

    public boolean isValidFor(EventType type) {
        return validFor.contains(type);
    }

    /** Returns the action for a wire name, or {@code null} when it is not one. */
    public static EventAction fromCode(String code) {
        for (EventAction a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        return null;
    }
}
