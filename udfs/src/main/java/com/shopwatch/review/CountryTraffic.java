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

    public CountryTraffic() {}

    public CountryTraffic(String country, long windowStart, long events) {
        this.country = country;
        this.windowStart = windowStart;
        this.events = events;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountryTraffic t && windowStart == t.windowStart && events == t.events
                && Objects.equals(country, t.country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(country, windowStart, events);
    }

    @Override
    public String toString() {
        return "CountryTraffic{" + country + " @" + windowStart + ": " + events + "}";
    }
}
