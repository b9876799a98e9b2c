package com.shopwatch.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.List;
import java.util.Map;

/**
 * The floor the job is compared with: Jackson databind parsing the same payloads into a plain
 * POJO on one thread, with nothing else done. Malformed payloads are skipped, as counted.
 */
final class ParseFloor {
    private ParseFloor() {}

    /** The fields a listing or video event carries (unknown ones ignored). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class EventPojo {
        @JsonProperty("event_id") public String eventId;
        @JsonProperty("type") public String type;
        @JsonProperty("action") public String action;
        @JsonProperty("event_time") public String eventTime;
        @JsonProperty("listing_id") public String listingId;
        @JsonProperty("video_id") public String videoId;
        @JsonProperty("seller_id") public String sellerId;
        @JsonProperty("creator_id") public String creatorId;
        @JsonProperty("country") public String country;
        @JsonProperty("language") public String language;
        @JsonProperty("category") public String category;
        @JsonProperty("title") public String title;
        @JsonProperty("description") public String description;
        @JsonProperty("brand") public String brand;
        @JsonProperty("price") public Map<String, Object> price;
        @JsonProperty("image_hashes") public List<String> imageHashes;
        @JsonProperty("caption") public String caption;
        @JsonProperty("hashtags") public List<String> hashtags;
        @JsonProperty("linked_listing_ids") public List<String> linkedListingIds;
        @JsonProperty("seller_created_at") public String sellerCreatedAt;
        @JsonProperty("reporter_id") public String reporterId;
        @JsonProperty("report_reason") public String reportReason;
        @JsonProperty("duration_seconds") public Double durationSeconds;
    }

    /** Events per second, the best of {@code rounds} passes over all payloads. */
    static double eventsPerSecond(byte[][] payloads, int rounds) {
        ObjectReader reader = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readerFor(EventPojo.class);
        double best = 0;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (byte[] p : payloads) {
                try {
                    EventPojo e = reader.readValue(p);
                    sink += e.eventId == null ? 0 : 1;
                } catch (Exception malformed) {
                    sink--;
                }
            }
            best = Math.max(best, payloads.length / ((System.nanoTime() - start) / 1e9));
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink); // keeps the parse from being optimised away
        }
        return best;
    }
}
