package com.shopwatch.metrics;

import com.shopwatch.decode.DecodedRecord;

/**
 * One record's contribution to the traffic metrics of its country × event type. Small on
 * purpose: only this crosses the keyBy shuffle to the metrics aggregator, not the event.
 */
public class TrafficCount {
    public static final String UNKNOWN = "unknown";

    public String country;
    public String eventType;
    public long accepted;
    public long deadLetters;

    public TrafficCount() {}

    public TrafficCount(String country, String eventType, long accepted, long deadLetters) {
        this.country = country;
        this.eventType = eventType;
        this.accepted = accepted;
        this.deadLetters = deadLetters;
    }

    /** Dead letters count under what was readable of them, or {@code unknown}. */
    public static TrafficCount of(DecodedRecord r) {
        if (r.isAccepted()) {
            return new TrafficCount(r.event.country, r.event.type.code(), 1, 0);
        }
        String country = r.deadLetter.country == null ? UNKNOWN : r.deadLetter.country;
        String type = r.deadLetter.eventType == null ? UNKNOWN : r.deadLetter.eventType;
        return new TrafficCount(country, type, 0, 1);
    }

    /** The aggregation key: one metrics series per country × event type. */
    public String key() {
        return country + "|" + eventType;
    }
}
