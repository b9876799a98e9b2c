package com.shopwatch.pipeline.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made events with exactly known outcomes, for job-level tests. */
public final class TestEvents {
    private TestEvents() {}

    public static String listing(String id, String country, String currency, long eventTime, String title) {
        return "{\"event_id\":\"ev-" + id + "\",\"type\":\"listing\",\"action\":\"created\",\"event_time\":\""
                + Instant.ofEpochMilli(eventTime) + "\",\"listing_id\":\"" + id + "\",\"seller_id\":\"S-" + id
                + "\",\"country\":\"" + country + "\",\"title\":\"" + title + "\",\"category\":\"home\","
                + "\"price\":{\"amount\":19.9,\"currency\":\"" + currency + "\"},\"image_hashes\":[\"aa" + id + "\"]}";
    }

    /** A listing by a given seller (several listings of one seller feed the velocity detector). */
    public static String listingBy(String seller, String id, String country, String currency, long eventTime, String title) {
        return listing(id, country, currency, eventTime, title).replace("\"seller_id\":\"S-" + id + "\"", "\"seller_id\":\"" + seller + "\"");
    }

    public static String video(String id, String country, long eventTime, String caption) {
        return "{\"event_id\":\"ev-" + id + "\",\"type\":\"video\",\"action\":\"published\",\"event_time\":" + eventTime
                + ",\"video_id\":\"" + id + "\",\"creator_id\":\"C-" + id + "\",\"country\":\"" + country
                + "\",\"caption\":\"" + caption + "\",\"hashtags\":[\"#deal\"],\"duration_s\":30}";
    }

    /** One malformed payload per dead-letter reason (reason code → payload). */
    public static Map<String, byte[]> malformed(long eventTime) {
        String ok = listing("bad", "SG", "SGD", eventTime, "Lamp");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("not_json", bytes("hello world"));
        m.put("not_object", bytes("[1,2,3]"));
        m.put("truncated_json", bytes(ok.substring(0, ok.length() / 2)));
        m.put("missing_field", bytes(ok.replace("\"listing_id\":\"bad\",", "")));
        m.put("wrong_type", bytes(ok.replace("\"amount\":19.9", "\"amount\":\"19.9\"")));
        m.put("unknown_type", bytes(ok.replace("\"type\":\"listing\"", "\"type\":\"livestream\"")));
        m.put("unknown_action", bytes(ok.replace("\"created\"", "\"exploded\"")));
        m.put("invalid_country", bytes(ok.replace("\"SG\"", "\"XX\"")));
        m.put("invalid_currency", bytes(ok.replace("\"SGD\"", "\"ZZZ\"")));
        m.put("invalid_price", bytes(ok.replace("19.9", "-5")));
        m.put("invalid_time", bytes(ok.replace(Instant.ofEpochMilli(eventTime).toString(), "yesterday")));
        m.put("future_event_time", bytes(ok.replace(Instant.ofEpochMilli(eventTime).toString(), "2099-01-01T00:00:00Z")));
        m.put("payload_too_large", bytes(ok.replace("\"Lamp\"", "\"" + "x".repeat(70_000) + "\"")));
        byte[] utf = bytes(ok);
        int at = ok.indexOf("Lamp");
        utf[at] = (byte) 0xC3;
        utf[at + 1] = (byte) 0x28;
        m.put("invalid_utf8", utf);
        m.put("too_deeply_nested", bytes(ok.replace("{\"event_id\"", "{\"x\":" + "[".repeat(100) + "]".repeat(100) + ",\"event_id\"")));
        m.put("invalid_value", bytes(ok.replace("\"title\"", "\"language\":\"??\",\"title\"")));
        return m;
    }

    public static List<byte[]> asBytes(List<String> json) {
        List<byte[]> out = new ArrayList<>();
        for (String s : json) {
            out.add(bytes(s));
        }
        return out;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
