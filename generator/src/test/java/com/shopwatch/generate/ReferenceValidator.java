package com.shopwatch.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Test-only reference implementation of the event contract: returns the set of dead-letter reasons a payload
 * deserves (empty for a well-formed event). Used to prove that each malformed payload is broken in exactly the
 * intended way and that valid/violation payloads satisfy the contract.
 */
final class ReferenceValidator {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_DEPTH = 64;
  static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
  static final Set<String> LISTING_ACTIONS = Set.of("created", "updated", "deleted");
  static final Set<String> VIDEO_ACTIONS = Set.of("published", "updated", "deleted", "reported");
  static final List<String> STRING_FIELDS = List.of("event_id", "type", "action", "listing_id", "seller_id", "country",
      "language", "category", "title", "description", "brand", "seller_created_at", "video_id", "creator_id",
      "caption", "reporter_id", "report_reason");
  static final List<String> STRING_ARRAY_FIELDS = List.of("image_hashes", "hashtags", "linked_listing_ids");

  private final GeneratorSettings settings;

  ReferenceValidator(GeneratorSettings settings) {
    this.settings = settings;
  }

  static boolean isStrictUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static int depth(JsonNode n) {
    if (!n.isContainerNode()) {
      return 0;
    }
    int max = 0;
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      max = Math.max(max, depth(it.next()));
    }
    return max + 1;
  }

  /** The reasons; {@code scheduledMillis} is the "now" used for the future-time check. */
  Set<String> reasons(byte[] payload, long scheduledMillis) {
    Set<String> out = new LinkedHashSet<>();
    if (new String(payload, StandardCharsets.ISO_8859_1).trim().isEmpty()) {
      out.add("empty_payload");
      return out;
    }
    if (payload.length >= settings.oversizeBytes()) {
      out.add("payload_too_large");
    }
    if (!isStrictUtf8(payload)) {
      out.add("invalid_utf8");
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonEOFException e) {
      out.add("truncated_json");
      return out;
    } catch (StreamReadException e) {
      out.add("not_json");
      return out;
    } catch (JsonProcessingException e) {
      out.add("not_json");
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    if (root == null || !root.isObject()) {
      out.add("not_object");
      return out;
    }
    if (depth(root) > MAX_DEPTH) {
      out.add("too_deeply_nested");
    }
    // types of known fields
    for (String f : STRING_FIELDS) {
      if (root.has(f) && !root.get(f).isTextual()) {
        out.add("wrong_type");
      }
    }
    for (String f : STRING_ARRAY_FIELDS) {
      if (root.has(f)) {
        JsonNode a = root.get(f);
        if (!a.isArray()) {
          out.add("wrong_type");
        } else {
          for (JsonNode x : a) {
            if (!x.isTextual()) {
              out.add("wrong_type");
            }
          }
        }
      }
    }
    if (root.has("duration_s") && !root.get("duration_s").isNumber()) {
      out.add("wrong_type");
    }
    JsonNode time = root.get("event_time");
    if (time != null && !(time.isTextual() || time.isIntegralNumber())) {
      out.add("wrong_type");
    }
    JsonNode price = root.get("price");
    if (price != null) {
      if (!price.isObject()) {
        out.add("wrong_type");
      } else {
        JsonNode amount = price.get("amount");
        JsonNode currency = price.get("currency");
        if (amount == null || currency == null) {
          out.add("missing_field");
        }
        if (amount != null && !amount.isNumber()) {
          out.add("wrong_type");
        } else if (amount != null) {
          double d = amount.doubleValue();
          if (d < 0 || Double.isInfinite(d) || Double.isNaN(d)) {
            out.add("invalid_price");
          }
        }
        if (currency != null && currency.isTextual() && !isCurrency(currency.asText())) {
          out.add("invalid_currency");
        } else if (currency != null && !currency.isTextual()) {
          out.add("wrong_type");
        }
      }
    }
    // required fields and enumerations
    for (String f : List.of("event_id", "type", "action", "event_time", "country")) {
      if (!root.has(f)) {
        out.add("missing_field");
      }
    }
    String type = root.path("type").asText(null);
    String action = root.path("action").asText(null);
    if (type != null && root.get("type").isTextual()) {
      if (type.equals("listing")) {
        for (String f : List.of("listing_id", "seller_id")) {
          if (!root.has(f)) {
            out.add("missing_field");
          }
        }
        if (action != null && !action.equals("deleted") && !root.has("title")) {
          out.add("missing_field");
        }
        if (action != null && !LISTING_ACTIONS.contains(action)) {
          out.add("unknown_action");
        }
      } else if (type.equals("video")) {
        for (String f : List.of("video_id", "creator_id")) {
          if (!root.has(f)) {
            out.add("missing_field");
          }
        }
        if ("reported".equals(action) && !root.has("reporter_id")) {
          out.add("missing_field");
        }
        if (action != null && !VIDEO_ACTIONS.contains(action)) {
          out.add("unknown_action");
        }
      } else {
        out.add("unknown_type");
      }
    }
    JsonNode country = root.get("country");
    if (country != null && country.isTextual() && !ISO_COUNTRIES.contains(country.asText())) {
      out.add("invalid_country");
    }
    if (time != null && (time.isTextual() || time.isIntegralNumber())) {
      Long millis = parseTime(time);
      if (millis == null) {
        out.add("invalid_time");
      } else if (millis > scheduledMillis + settings.maxFutureSkewMillis()) {
        out.add("future_event_time");
      }
    }
    return out;
  }

  static Long parseTime(JsonNode time) {
    if (time.isIntegralNumber()) {
      return time.longValue();
    }
    try {
      return Instant.parse(time.asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static boolean isCurrency(String code) {
    try {
      return Currency.getInstance(code).getCurrencyCode().equals(code);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static final Map<String, String> CURRENCY_BY_COUNTRY = Map.of("SG", "SGD", "MY", "MYR", "ID", "IDR", "TH", "THB",
      "VN", "VND", "PH", "PHP", "JP", "JPY", "KR", "KRW", "TW", "TWD", "AU", "AUD");

  static final Map<String, Set<String>> LANGUAGES_BY_COUNTRY = Map.of("SG", Set.of("en", "zh"), "MY",
      Set.of("ms", "en"), "ID", Set.of("id"), "TH", Set.of("th"), "VN", Set.of("vi"), "PH", Set.of("fil", "en"), "JP",
      Set.of("ja"), "KR", Set.of("ko"), "TW", Set.of("zh-TW"), "AU", Set.of("en"));
}
