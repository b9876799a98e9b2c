package com.shopwatch.review;

import java.util.Objects;

/**
 * Accepted events of one country in one flood-breaker window: a partial sum on its way to the
 * country's counter, then the window's total broadcast to the flood breaker (the denominator of
 * its share criterion). A Flink POJO.
 */
public class CountryTraffic {
    public String country;
    /** Start of the event-time window (epoch millis, a multiple of the window size). */
    public long windowStart;
    public long events;
    /**
     * The counter may have begun counting this country inside the window (a fresh start, or a
     * replay that starts mid-window; after a restore, the first window a counter subtask opens is
     * taken as such too), so {@link #events} may cover only part of it: judged by it, a healthy
     * rule looked like a flood in the next window. The flood breaker does not use such a count.
     */
    public boolean partialWindow;

    public CountryTraffic() {}

    public CountryTraffic(String country, long windowStart, long events) {
        this.country = country;
        this.windowStart = windowStart;
        this.events = events;
    }

    /** The same count, marked as covering only part of its window. */
    public static CountryTraffic partialWindow(String country, long windowStart, long events) {
        CountryTraffic t = new CountryTraffic(country, windowStart, events);
        t.partialWindow = true;
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountryTraffic t && windowStart == t.windowStart && events == t.events && partialWindow == t.partialWindow
                && Objects.equals(country, t.country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(country, windowStart, events, partialWindow);
    }

    @Override
    public String toString() {
        return "CountryTraffic{" + country + " @" + windowStart + ": " + events + (partialWindow ? ", partial window" : "") + "}";
    }
}
