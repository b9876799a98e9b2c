package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.generate.GeneratedEvent.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MalformedEventsTest {
  static final GeneratorSettings SETTINGS = GeneratorSettings.builder()
      .seed(11)
      .malformedFraction(0.5)
      .violationFraction(0.05)
      .oversizeBytes(70_000)
      .build();
  static final Map<String, List<GeneratedEvent>> BY_REASON = new LinkedHashMap<>();

  @BeforeAll
  static void generate() {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(SETTINGS);
    for (int i = 0; i < 1_600; i++) {
      GeneratedEvent e = gen.generate(i);
      if (e.kind() == Kind.MALFORMED) {
        BY_REASON.computeIfAbsent(e.expectedDeadLetterReason(), k -> new ArrayList<>()).add(e);
      }
    }
  }

  static List<GeneratedEvent> of(String reason) {
    assertThat(BY_REASON).containsKey(reason);
    return BY_REASON.get(reason);
  }

  static JsonNode parse(GeneratedEvent e) throws Exception {
    return ReferenceValidator.JSON.readTree(e.payload());
  }

  @Test
  void everyClassAppearsWithItsReason() {
    assertThat(BY_REASON.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticEventGenerator.MALFORMED_REASONS);
    assertThat(SyntheticEventGenerator.MALFORMED_REASONS).hasSize(16).doesNotHaveDuplicates();
    for (List<GeneratedEvent> l : BY_REASON.values()) {
      assertThat(l.size()).isGreaterThanOrEqualTo(40);
      for (GeneratedEvent e : l) {
        assertThat(e.violation()).isNull();
        for (byte b : e.payload()) {
          assertThat(b).isNotEqualTo((byte) '\n').isNotEqualTo((byte) '\r');
        }
      }
    }
  }

  @Test
  void eachPayloadIsBrokenInExactlyTheIntendedWay() {
    ReferenceValidator v = new ReferenceValidator(SETTINGS);
    for (Map.Entry<String, List<GeneratedEvent>> en : BY_REASON.entrySet()) {
      for (GeneratedEvent e : en.getValue()) {
        assertThat(v.reasons(e.payload(), e.eventTimeMillis())).as(e.toString()).containsExactly(en.getKey());
      }
    }
  }

  @Test
  void notJsonFailsToParse() {
    for (GeneratedEvent e : of("not_json")) {
      assertThat(ReferenceValidator.isStrictUtf8(e.payload())).isTrue();
      assertThatThrownBy(() -> parse(e)).isInstanceOf(JsonProcessingException.class)
          .isNotInstanceOf(JsonEOFException.class);
      assertThat(e.type()).isNull();
    }
  }

  @Test
  void notObjectIsJsonButNoObject() throws Exception {
    for (GeneratedEvent e : of("not_object")) {
      JsonNode n = parse(e);
      assertThat(n.isObject()).isFalse();
    }
  }

  @Test
  void truncatedJsonFailsWithEof() {
    for (GeneratedEvent e : of("truncated_json")) {
      assertThat(ReferenceValidator.isStrictUtf8(e.payload())).isTrue();
      assertThatThrownBy(() -> parse(e)).isInstanceOf(JsonEOFException.class);
      assertThat(e.payloadAsString()).startsWith("{\"event_id\":\"");
    }
  }

  @Test
  void missingFieldLacksARequiredField() throws Exception {
    for (GeneratedEvent e : of("missing_field")) {
      JsonNode n = parse(e);
      String type = n.path("type").asText("");
      List<String> required = new ArrayList<>(List.of("event_id", "type", "action", "event_time", "country"));
      required.addAll(type.equals("listing") ? List.of("listing_id", "seller_id", "title")
          : List.of("video_id", "creator_id"));
      assertThat(required).anySatisfy(f -> assertThat(n.has(f)).as(f).isFalse());
    }
  }

  @Test
  void wrongTypeHasAFieldOfTheWrongJsonType() throws Exception {
    int amountAsString = 0;
    for (GeneratedEvent e : of("wrong_type")) {
      JsonNode n = parse(e);
      JsonNode amount = n.path("price").path("amount");
      if (amount.isTextual()) {
        amountAsString++;
        assertThat(amount.asText()).matches("\\d+(\\.\\d+)?");
      }
    }
    assertThat(amountAsString).isPositive();
  }

  @Test
  void unknownTypeAndActionAndCountryAndCurrency() throws Exception {
    for (GeneratedEvent e : of("unknown_type")) {
      assertThat(parse(e).get("type").asText()).isIn("livestream", "auction", "story");
      assertThat(e.type()).isNull();
    }
    for (GeneratedEvent e : of("unknown_action")) {
      JsonNode n = parse(e);
      Set<String> allowed = n.get("type").asText().equals("listing") ? ReferenceValidator.LISTING_ACTIONS
          : ReferenceValidator.VIDEO_ACTIONS;
      assertThat(allowed).doesNotContain(n.get("action").asText());
    }
    for (GeneratedEvent e : of("invalid_country")) {
      assertThat(ReferenceValidator.ISO_COUNTRIES).doesNotContain(parse(e).get("country").asText());
      assertThat(e.country()).isNull();
    }
    for (GeneratedEvent e : of("invalid_currency")) {
      assertThat(ReferenceValidator.isCurrency(parse(e).get("price").get("currency").asText())).isFalse();
      assertThat(e.type()).isEqualTo("listing");
    }
  }

  @Test
  void invalidPriceIsNegativeOrInfinite() throws Exception {
    int infinite = 0;
    for (GeneratedEvent e : of("invalid_price")) {
      JsonNode amount = parse(e).get("price").get("amount");
      assertThat(amount.isNumber()).isTrue();
      double d = amount.doubleValue();
      assertThat(d < 0 || Double.isInfinite(d)).as(e.toString()).isTrue();
      if (e.payloadAsString().contains("\"amount\":1e400")) {
        infinite++;
        assertThat(Double.isInfinite(d)).isTrue();
      }
    }
    assertThat(infinite).isPositive();
  }

  @Test
  void invalidAndFutureTimes() throws Exception {
    for (GeneratedEvent e : of("invalid_time")) {
      JsonNode t = parse(e).get("event_time");
      assertThat(t.isTextual()).isTrue();
      assertThat(ReferenceValidator.parseTime(t)).as(t.asText()).isNull();
    }
    for (GeneratedEvent e : of("future_event_time")) {
      long t = ReferenceValidator.parseTime(parse(e).get("event_time"));
      assertThat(t).isGreaterThan(e.eventTimeMillis() + SETTINGS.maxFutureSkewMillis());
      assertThat(t).isGreaterThan(System.currentTimeMillis() + SETTINGS.maxFutureSkewMillis());
      assertThat(Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).getYear()).isEqualTo(2099);
    }
  }

  @Test
  void payloadTooLargeIsAValidListingOfExactlyOversizeBytes() throws Exception {
    for (GeneratedEvent e : of("payload_too_large")) {
      assertThat(e.payloadLength()).isEqualTo(SETTINGS.oversizeBytes());
      assertThat(ReferenceValidator.isStrictUtf8(e.payload())).isTrue();
      JsonNode n = parse(e);
      assertThat(n.get("type").asText()).isEqualTo("listing");
      assertThat(n.get("description").asText().length()).isGreaterThan(10_000);
    }
    GeneratorSettings small = SETTINGS.withOversizeBytes(5_000);
    SyntheticEventGenerator gen = new SyntheticEventGenerator(small);
    int seen = 0;
    for (int i = 0; i < 400 && seen < 3; i++) {
      GeneratedEvent e = gen.generate(i);
      if ("payload_too_large".equals(e.expectedDeadLetterReason())) {
        assertThat(e.payloadLength()).isEqualTo(5_000);
        seen++;
      }
    }
    assertThat(seen).isPositive();
  }

  @Test
  void invalidUtf8FailsAStrictDecoder() {
    for (GeneratedEvent e : of("invalid_utf8")) {
      assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(e.payload())))
          .isInstanceOf(CharacterCodingException.class);
      assertThat(e.type()).isNull();
    }
  }

  @Test
  void tooDeeplyNestedHasTwoHundredLevelsInAnUnknownField() throws Exception {
    for (GeneratedEvent e : of("too_deeply_nested")) {
      JsonNode n = parse(e);
      assertThat(ReferenceValidator.depth(n.get("attributes"))).isEqualTo(SyntheticEventGenerator.DEEP_NESTING);
    }
  }

  @Test
  void emptyPayloadIsEmptyOrWhitespace() {
    for (GeneratedEvent e : of("empty_payload")) {
      assertThat(e.payloadAsString()).isBlank();
      assertThat(e.country()).isNull();
      assertThat(e.type()).isNull();
    }
  }
}
