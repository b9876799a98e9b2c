package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.generate.GeneratedEvent.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticEventGeneratorTest {
  static final GeneratorSettings SETTINGS = GeneratorSettings.builder()
      .seed(7)
      .malformedFraction(0.08)
      .violationFraction(0.1)
      .build();
  static final int N = 10_000;
  static List<GeneratedEvent> events;

  @BeforeAll
  static void generateAll() {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(SETTINGS);
    events = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      events.add(gen.generate(i));
    }
  }

  static JsonNode parse(GeneratedEvent e) throws Exception {
    return ReferenceValidator.JSON.readTree(e.payload());
  }

  @Test
  void anEventGeneratedAtAnotherTimeIsTheSameEventMovedByThatMuch() throws Exception {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(SETTINGS);
    long shift = 3_600_000L + 17;
    int movedTimes = 0;
    for (int i = 0; i < 2_000; i++) {
      GeneratedEvent scheduled = events.get(i);
      GeneratedEvent moved = gen.generateAt(i, gen.scheduledTimeMillis(i) + shift);
      assertThat(moved.eventTimeMillis()).isEqualTo(scheduled.eventTimeMillis() + shift);
      assertThat(moved.kind()).isEqualTo(scheduled.kind());
      if (scheduled.kind() == Kind.MALFORMED) {
        continue; // some are not JSON at all; their kind and reason are what matters
      }
      JsonNode a = parse(scheduled);
      JsonNode b = parse(moved);
      if (a.has("event_time") && a.get("event_time").isTextual()) {
        Instant t = Instant.parse(a.get("event_time").asText());
        assertThat(Instant.parse(b.get("event_time").asText())).isEqualTo(t.plusMillis(shift));
        movedTimes++;
      }
      // everything but the event time (and what is dated from it) is the same event
      assertThat(b.path("event_id")).isEqualTo(a.path("event_id"));
      assertThat(b.path("type")).isEqualTo(a.path("type"));
      assertThat(b.path("country")).isEqualTo(a.path("country"));
      assertThat(b.path("title")).isEqualTo(a.path("title"));
      assertThat(b.path("image_hashes")).isEqualTo(a.path("image_hashes"));
    }
    assertThat(movedTimes).isGreaterThan(1_000);
    // and at its own schedule it is the event generate() gives, byte for byte
    assertThat(gen.generateAt(42, gen.scheduledTimeMillis(42)).payload()).isEqualTo(events.get(42).payload());
  }

  @Test
  void sameIndexGivesSameBytesInAnyOrderAndAfterSerialization() throws Exception {
    SyntheticEventGenerator a = new SyntheticEventGenerator(SETTINGS);
    SyntheticEventGenerator b = new SyntheticEventGenerator(SETTINGS.toBuilder().build());
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
      oos.writeObject(b);
    }
    SyntheticEventGenerator c;
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      c = (SyntheticEventGenerator) ois.readObject();
    }
    long[] order = {9_999, 3, 512, 0, 77, 5_000_000_000L, 1_234, 3};
    for (long i : order) {
      GeneratedEvent x = a.generate(i);
      assertThat(b.generate(i)).isEqualTo(x);
      assertThat(c.generate(i)).isEqualTo(x);
      if (i < N) {
        assertThat(x).isEqualTo(events.get((int) i));
      }
    }
    // One generator on one thread keeps the plans it made between calls: backwards, and after
    // moved events, it still gives the events a fresh one gives in order.
    SyntheticEventGenerator d = new SyntheticEventGenerator(SETTINGS);
    for (int i = 3_000; i >= 0; i -= 7) {
      d.generateAt(i, d.scheduledTimeMillis(i) + 86_400_000L);
      assertThat(d.generate(i)).isEqualTo(events.get(i));
    }
  }

  @Test
  void differentSeedsDiffer() {
    SyntheticEventGenerator a = new SyntheticEventGenerator(SETTINGS);
    SyntheticEventGenerator b = new SyntheticEventGenerator(SETTINGS.withSeed(8));
    int same = 0;
    for (int i = 0; i < 200; i++) {
      if (a.generate(i).equals(b.generate(i))) {
        same++;
      }
    }
    assertThat(same).isZero();
  }

  @Test
  void fractionsHoldOver10000Events() throws Exception {
    Map<Kind, Integer> kinds = new HashMap<>();
    Map<String, Integer> reasons = new HashMap<>();
    Map<String, Integer> codes = new HashMap<>();
    int videos = 0;
    int wellFormed = 0;
    int reported = 0;
    for (GeneratedEvent e : events) {
      kinds.merge(e.kind(), 1, Integer::sum);
      if (e.kind() == Kind.MALFORMED) {
        reasons.merge(e.expectedDeadLetterReason(), 1, Integer::sum);
        assertThat(e.violation()).isNull();
        continue;
      }
      if (e.kind() == Kind.ABUSE) {
        continue; // bursts of one type and action: not part of the traffic mix
      }
      wellFormed++;
      if (e.kind() == Kind.VIOLATION) {
        codes.merge(e.violation(), 1, Integer::sum);
      }
      if ("video".equals(e.type())) {
        videos++;
        if ("reported".equals(parse(e).get("action").asText())) {
          reported++;
        }
      }
    }
    assertThat(kinds.get(Kind.MALFORMED)).isEqualTo(800);
    assertThat(kinds.get(Kind.VIOLATION)).isEqualTo(1_000);
    assertThat(kinds.get(Kind.ABUSE)).as("abuse episodes, 1 per 1000 events by default").isGreaterThan(10);
    assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticEventGenerator.MALFORMED_REASONS);
    assertThat(reasons.values()).allSatisfy(c -> assertThat(c).isEqualTo(50));
    assertThat(codes.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticEventGenerator.VIOLATION_CODES);
    assertThat(codes.values()).allSatisfy(c -> assertThat(c).isEqualTo(200));
    assertThat((double) videos / wellFormed).isCloseTo(0.35, within(0.03));
    assertThat((double) reported / videos).isCloseTo(0.05, within(0.015));
  }

  @Test
  void fractionsAreRespectedForOtherValues() {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(
        SETTINGS.toBuilder().seed(3).malformedFraction(0.013).violationFraction(0.0).build());
    int malformed = 0;
    int violations = 0;
    for (int i = 0; i < 5_000; i++) {
      Kind k = gen.generate(i).kind();
      malformed += k == Kind.MALFORMED ? 1 : 0;
      violations += k == Kind.VIOLATION ? 1 : 0;
    }
    assertThat(malformed).isBetween(64, 66);
    assertThat(violations).isZero();
  }

  @Test
  void wellFormedEventsSatisfyTheContract() throws Exception {
    ReferenceValidator v = new ReferenceValidator(SETTINGS);
    Set<String> eventIds = new HashSet<>();
    Set<String> createdListingIds = new HashSet<>();
    Map<String, String> sellerCreated = new HashMap<>();
    Pattern hex16 = Pattern.compile("[0-9a-f]{16}");
    for (GeneratedEvent e : events) {
      byte[] p = e.payload();
      for (byte b : p) {
        assertThat(b).isNotEqualTo((byte) '\n').isNotEqualTo((byte) '\r');
      }
      if (e.kind() == Kind.MALFORMED) {
        continue;
      }
      assertThat(ReferenceValidator.isStrictUtf8(p)).isTrue();
      assertThat(v.reasons(p, e.eventTimeMillis())).as(e.toString()).isEmpty();
      JsonNode n = parse(e);
      assertThat(eventIds.add(n.get("event_id").asText())).isTrue();
      String country = n.get("country").asText();
      assertThat(country).isEqualTo(e.country());
      assertThat(n.get("type").asText()).isEqualTo(e.type());
      JsonNode t = n.get("event_time");
      assertThat(ReferenceValidator.parseTime(t)).isEqualTo(e.eventTimeMillis());
      if (t.isTextual()) {
        assertThat(t.asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
      }
      if (n.has("language")) {
        assertThat(ReferenceValidator.LANGUAGES_BY_COUNTRY.get(country)).contains(n.get("language").asText());
      }
      String action = n.get("action").asText();
      if (e.type().equals("listing")) {
        assertThat(n.get("listing_id").asText()).startsWith("L-" + country + "-");
        assertThat(n.get("seller_id").asText()).matches("S-" + country + "-\\d{5,}");
        if (action.equals("created")) {
          assertThat(createdListingIds.add(n.get("listing_id").asText())).as("unique listing ids").isTrue();
        }
        if (!action.equals("deleted")) {
          JsonNode price = n.get("price");
          assertThat(price.get("currency").asText()).isEqualTo(ReferenceValidator.CURRENCY_BY_COUNTRY.get(country));
          BigDecimal amount = price.get("amount").decimalValue();
          assertThat(amount.signum()).isPositive();
          String cur = price.get("currency").asText();
          if (Set.of("JPY", "KRW", "IDR", "VND", "THB", "TWD").contains(cur)) {
            assertThat(price.get("amount").isIntegralNumber()).as(cur).isTrue();
          }
          if (Set.of("IDR", "VND").contains(cur)) {
            assertThat(amount).isGreaterThanOrEqualTo(new BigDecimal(1_000));
          }
          assertThat(n.get("category").asText()).isIn(Catalogue.categories());
          assertThat(n.get("image_hashes")).allSatisfy(h -> assertThat(h.asText()).matches(hex16));
          String seller = n.get("seller_id").asText();
          String created = n.get("seller_created_at").asText();
          assertThat(Instant.parse(created).toEpochMilli()).isLessThan(e.eventTimeMillis());
          String before = sellerCreated.putIfAbsent(seller, created);
          if (before != null) {
            assertThat(created).as("seller_created_at consistent for " + seller).isEqualTo(before);
          }
        }
      } else {
        assertThat(n.get("video_id").asText()).startsWith("V-" + country + "-");
        assertThat(n.get("creator_id").asText()).matches("C-" + country + "-\\d{5,}");
        if (!action.equals("deleted")) {
          assertThat(n.get("duration_s").doubleValue()).isPositive();
          assertThat(n.get("hashtags").size()).isPositive();
        }
        if (action.equals("reported")) {
          assertThat(n.get("reporter_id").asText()).startsWith("U-" + country + "-");
        }
      }
    }
  }

  @Test
  void referencesPointToRecentEarlierListingsOfTheSameMarket() throws Exception {
    Map<String, Integer> createdAt = new HashMap<>();
    int linked = 0;
    int updatesResolved = 0;
    int updates = 0;
    for (int i = 0; i < events.size(); i++) {
      GeneratedEvent e = events.get(i);
      if (e.kind() != Kind.VALID) {
        continue;
      }
      JsonNode n = parse(e);
      String action = n.get("action").asText();
      if (e.type().equals("listing")) {
        String id = n.get("listing_id").asText();
        if (action.equals("created")) {
          createdAt.put(id, i);
        } else {
          updates++;
          if (createdAt.containsKey(id)) {
            updatesResolved++;
          }
        }
      } else if (n.has("linked_listing_ids")) {
        for (JsonNode l : n.get("linked_listing_ids")) {
          String id = l.asText();
          assertThat(id).startsWith("L-" + e.country() + "-");
          Integer at = createdAt.get(id);
          if (action.equals("published")) {
            assertThat(at).as("linked listing seen before " + i).isNotNull();
            assertThat(i - at).isLessThanOrEqualTo(400);
          }
          linked++;
        }
      }
    }
    assertThat(linked).isGreaterThan(1_000);
    assertThat((double) updatesResolved / updates).isGreaterThan(0.95);
  }

  @Test
  void eventTimesAreNonDecreasingWithinTheJitterBound() {
    long maxSoFar = Long.MIN_VALUE;
    int late = 0;
    SyntheticEventGenerator gen = new SyntheticEventGenerator(SETTINGS);
    for (int i = 0; i < events.size(); i++) {
      long t = events.get(i).eventTimeMillis();
      assertThat(t).isLessThanOrEqualTo(gen.scheduledTimeMillis(i));
      assertThat(t).isGreaterThanOrEqualTo(gen.scheduledTimeMillis(i) - SETTINGS.maxOutOfOrderMillis());
      if (maxSoFar != Long.MIN_VALUE) {
        assertThat(t).isGreaterThanOrEqualTo(maxSoFar - SETTINGS.maxOutOfOrderMillis());
        if (t < maxSoFar) {
          late++;
        }
      }
      maxSoFar = Math.max(maxSoFar, t);
    }
    assertThat(late).as("some events are out of order").isGreaterThan(100);
    assertThat(events.get(N - 1).eventTimeMillis()).isCloseTo(
        SETTINGS.startTimeMillis() + (N - 1) * 1000L / 100, within(SETTINGS.maxOutOfOrderMillis()));
  }

  static final Map<String, Pattern> SCRIPT = Map.of(
      "TH", Pattern.compile("[\\u0E00-\\u0E7F]"),
      "JP", Pattern.compile("[\\u3040-\\u30FF\\u4E00-\\u9FFF]"),
      "KR", Pattern.compile("[\\uAC00-\\uD7AF\\u3130-\\u318F]"),
      "TW", Pattern.compile("[\\u4E00-\\u9FFF]"),
      "VN", Pattern.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]",
          Pattern.CASE_INSENSITIVE));

  @Test
  void textIsInTheMarketsLanguageAndScript() throws Exception {
    Map<String, Integer> checked = new HashMap<>();
    Set<String> traditionalOnly = Set.of("體", "們", "貨", "機", "鍋", "瑪", "麵");
    for (GeneratedEvent e : events) {
      if (e.kind() == Kind.MALFORMED) {
        continue;
      }
      JsonNode n = parse(e);
      String text = n.path("title").asText("") + " " + n.path("description").asText("") + " "
          + n.path("caption").asText("");
      if (text.isBlank()) {
        continue; // deleted events carry no text
      }
      Pattern p = SCRIPT.get(e.country());
      if (p != null) {
        assertThat(p.matcher(text).find()).as(e.country() + ": " + text).isTrue();
        checked.merge(e.country(), 1, Integer::sum);
      }
      if (e.country().equals("ID") || e.country().equals("MY") && "ms".equals(n.path("language").asText())) {
        assertThat(text).doesNotContainPattern("[\\u0E00-\\u0E7F\\u3040-\\u30FF\\uAC00-\\uD7AF\\u4E00-\\u9FFF]");
      }
    }
    assertThat(checked.keySet()).containsExactlyInAnyOrderElementsOf(SCRIPT.keySet());
    // the catalogue's zh-TW column uses traditional, the zh column simplified characters
    for (Catalogue.Concept c : Catalogue.CONCEPTS) {
      for (String ch : traditionalOnly) {
        assertThat(c.name("zh")).doesNotContain(ch);
      }
    }
  }

  @Test
  void catalogueHasAtLeast25TemplatesPerMarketAcrossCategories() {
    assertThat(Catalogue.CONCEPTS.size()).isGreaterThanOrEqualTo(25);
    assertThat(Catalogue.categories()).contains("electronics", "beauty", "fashion", "home", "toys", "food", "health",
        "sports", "luxury-bags", "watches", "luxury-watches", "mobile-accessories", "cameras");
    for (Catalogue.Concept c : Catalogue.CONCEPTS) {
      for (String lang : Catalogue.LANGS) {
        assertThat(c.name(lang)).isNotBlank();
      }
    }
  }

  @Test
  void violationsUseTheVocabularyOfTheirCode() throws Exception {
    int evasions = 0;
    int counterfeits = 0;
    for (GeneratedEvent e : events) {
      if (e.kind() != Kind.VIOLATION) {
        continue;
      }
      JsonNode n = parse(e);
      String text = n.path("title").asText("") + " " + n.path("description").asText("") + " "
          + n.path("caption").asText("");
      boolean found = false;
      boolean evasion = false;
      for (ViolationVocabulary.Lexicon lx : ViolationVocabulary.LEXICON.get(e.violation()).values()) {
        for (String t : lx.terms) {
          found |= text.contains(t);
        }
        for (String t : lx.evasions) {
          if (text.contains(t)) {
            found = true;
            evasion = true;
          }
        }
      }
      assertThat(found).as(e.violation() + ": " + text).isTrue();
      evasions += evasion ? 1 : 0;
      if (e.violation().equals("counterfeit_luxury") && e.type().equals("listing")) {
        counterfeits++;
        ViolationVocabulary.LuxuryBrand lux = ViolationVocabulary.luxuryBrand(n.get("brand").asText());
        assertThat(lux).isNotNull();
        Market m = Market.valueOf(e.country());
        double usd = n.get("price").get("amount").doubleValue() / m.perUsd;
        assertThat(usd).isLessThan(lux.usd * 0.1);
      }
    }
    assertThat(evasions).isGreaterThan(100);
    assertThat(counterfeits).isGreaterThan(50);
  }

  @Test
  void settingsValidateAndCopy() {
    GeneratorSettings d = GeneratorSettings.defaults();
    assertThat(d.videoFraction()).isEqualTo(0.35);
    assertThat(d.reportFraction()).isEqualTo(0.05);
    assertThat(d.maxOutOfOrderMillis()).isEqualTo(2_000);
    assertThat(d.oversizeBytes()).isEqualTo(70_000);
    assertThat(d.maxFutureSkewMillis()).isEqualTo(3_600_000);
    assertThat(d.withSeed(5).toBuilder().seed(0).build()).isEqualTo(d);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> d.toBuilder().malformedFraction(0.6).violationFraction(0.6).build())
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withEventsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idsAreWhatTheFormatStringsGave() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      long small = r.nextLong(0, 200_000);
      long any = r.nextLong(0, Long.MAX_VALUE);
      for (int width : new int[] {5, 6, 7, 10}) {
        assertThat(SyntheticEventGenerator.zeroPadded("S-SG-", small, width))
            .isEqualTo(String.format(java.util.Locale.ROOT, "S-SG-%0" + width + "d", small));
        assertThat(SyntheticEventGenerator.zeroPadded("", any, width))
            .isEqualTo(String.format(java.util.Locale.ROOT, "%0" + width + "d", any));
      }
      long bits = r.nextLong();
      assertThat(SyntheticEventGenerator.hex16(bits)).isEqualTo(String.format("%016x", bits));
      assertThat(SyntheticEventGenerator.hex16(small)).isEqualTo(String.format("%016x", small));
    }
    assertThat(SyntheticEventGenerator.zeroPadded("E", 0, 6)).isEqualTo("E000000");
    assertThat(SyntheticEventGenerator.hex16(0)).isEqualTo("0000000000000000");
    assertThat(SyntheticEventGenerator.hex16(-1)).isEqualTo("ffffffffffffffff");
  }
}
