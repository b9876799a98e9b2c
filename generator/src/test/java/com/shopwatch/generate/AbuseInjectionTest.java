package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.generate.DetectorOracle.Ev;
import com.shopwatch.generate.GeneratedEvent.Kind;
import com.shopwatch.policy.BundledPacks;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.RuleMatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abuse injection against a plain-Java replay of the detectors ({@link DetectorOracle}): every episode trips its own
 * detector and no other, no clean event trips any, and the episodes follow the placement, account and warm-up rules.
 */
class AbuseInjectionTest {
  static final int N = 30_000;

  /** The pipeline's default fractions at 10 events/s, and the sample's fractions at 20 events/s. */
  static final GeneratorSettings AT_10 = GeneratorSettings.builder().seed(11).eventsPerSecond(10)
      .malformedFraction(0.03).violationFraction(0.05).abuseRate(5).build();
  static final GeneratorSettings AT_20 = GeneratorSettings.builder().seed(5).eventsPerSecond(20)
      .malformedFraction(0.08).violationFraction(0.1).abuseRate(3).build();

  static final Map<GeneratorSettings, List<GeneratedEvent>> EVENTS = new LinkedHashMap<>();
  static final Map<GeneratorSettings, DetectorOracle.Result> RESULTS = new LinkedHashMap<>();

  @BeforeAll
  static void replay() throws Exception {
    for (GeneratorSettings s : List.of(AT_10, AT_20)) {
      SyntheticEventGenerator gen = new SyntheticEventGenerator(s);
      List<GeneratedEvent> events = new ArrayList<>(N);
      for (int i = 0; i < N; i++) {
        events.add(gen.generate(i));
      }
      EVENTS.put(s, events);
      RESULTS.put(s, DetectorOracle.run(events, s.startTimeMillis() + s.abuseWarmupMillis()));
    }
  }

  /** Episode id -> its events, in index order. */
  static Map<String, List<Ev>> episodes(DetectorOracle.Result r) {
    Map<String, List<Ev>> out = new TreeMap<>();
    for (Ev e : r.events) {
      if (e.kind == Kind.ABUSE) {
        out.computeIfAbsent(e.episode, k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  @Test
  void everyEpisodeTripsItsOwnDetectorAndNoOther() {
    for (Map.Entry<GeneratorSettings, DetectorOracle.Result> run : RESULTS.entrySet()) {
      DetectorOracle.Result r = run.getValue();
      Map<String, List<Ev>> episodes = episodes(r);
      Map<String, Integer> perCode = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, List<Ev>> ep : episodes.entrySet()) {
        String code = ep.getValue().get(0).g.abuse();
        perCode.merge(code, 1, Integer::sum);
        Set<String> tripped = new HashSet<>();
        for (Map.Entry<String, Set<Ev>> f : r.flagged.entrySet()) {
          for (Ev e : ep.getValue()) {
            if (f.getValue().contains(e)) {
              tripped.add(f.getKey());
            }
          }
        }
        if (!tripped.equals(Set.of(code))) {
          problems.add(ep.getKey() + " " + code + " (" + ep.getValue().size() + " events, " + ep.getValue().get(0)
              + ") tripped " + tripped);
        }
        if (code.equals("duplicate_content") || code.equals("new_account_high_value")) {
          // these flag each listing: every listing of the episode must be flagged
          assertThat(r.flagged(code)).as(ep.getKey()).containsAll(ep.getValue());
        }
      }
      System.out.println("abuse episodes in " + N + " events at " + run.getKey().eventsPerSecond() + "/s, rate "
          + run.getKey().abuseRate() + ": " + perCode);
      assertThat(problems).as("episodes not tripping exactly their detector").isEmpty();
      assertThat(perCode.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticEventGenerator.ABUSE_CODES);
    }
  }

  @Test
  void cleanTrafficTripsNoDetector() {
    for (Map.Entry<GeneratorSettings, DetectorOracle.Result> run : RESULTS.entrySet()) {
      DetectorOracle.Result r = run.getValue();
      Set<String> invented = new HashSet<>();
      for (Ev e : r.events) {
        if (e.kind == Kind.ABUSE && e.g.abuse().equals("emerging_terms")) {
          invented.add(AbuseEpisodes.emergingTerm(Long.parseLong(e.episode.substring(1))));
        }
      }
      List<String> falsePositives = new ArrayList<>();
      for (Map.Entry<String, Set<Ev>> f : r.flagged.entrySet()) {
        for (Ev e : f.getValue()) {
          if (e.kind == Kind.VALID) {
            falsePositives.add(f.getKey() + ": " + e);
          }
        }
      }
      List<String> cleanTrends = new ArrayList<>();
      int abuseTrends = 0;
      for (String t : r.trends) {
        if (invented.contains(t.split("\\|")[2])) {
          abuseTrends++;
        } else {
          cleanTrends.add(t);
        }
      }
      // before the warm-up the detector's own baseline is still building up: reported, not asserted
      List<String> earlyTrends = r.earlyTrends;
      System.out.println("clean maxima at " + run.getKey().eventsPerSecond() + "/s: listings/10min "
          + r.maxCleanListings + " (limit 30), new-seller listings/10min " + r.maxCleanNewListings
          + " (limit 10), videos/10min " + r.maxCleanVideos + " (limit 20), sellers per image "
          + r.maxCleanRingSellers + " (ring 3), reporters per video " + r.maxCleanReporters
          + " (storm 10), lowest price / median " + String.format("%.3f", r.minCleanPriceRatio) + " (flag < 0.1) at "
          + r.minCleanPriceRatioAt + "; trends " + abuseTrends + " abuse, " + cleanTrends.size() + " clean, "
          + earlyTrends.size() + " clean during warm-up " + earlyTrends);
      assertThat(falsePositives).as("clean events flagged").isEmpty();
      assertThat(cleanTrends).as("clean terms trending").isEmpty();
      assertThat(r.minCleanPriceRatio).as("cheapest clean price vs the category median").isGreaterThanOrEqualTo(0.15);
    }
  }

  @Test
  void priceAnomalyEpisodesHaveAMedianToBeCheapAgainst() {
    for (DetectorOracle.Result r : RESULTS.values()) {
      assertThat(r.priceEpisodeSamples).isNotEmpty();
      r.priceEpisodeSamples.forEach((episode, n) -> {
        assertThat(n[0]).as(episode + " prices in the median").isGreaterThanOrEqualTo(DetectorOracle.PRICE_MIN_SAMPLES);
        assertThat(n[1]).as(episode + " clean electronics listings of the market within 6 h")
            .isGreaterThanOrEqualTo(DetectorOracle.PRICE_MIN_SAMPLES);
      });
    }
  }

  @Test
  void episodesFollowPlacementWarmUpAndAccountRules() {
    Pattern number = Pattern.compile("^[SC]-[A-Z]{2}-(\\d+)$");
    for (Map.Entry<GeneratorSettings, DetectorOracle.Result> run : RESULTS.entrySet()) {
      GeneratorSettings s = run.getKey();
      SyntheticEventGenerator gen = new SyntheticEventGenerator(s);
      Map<String, List<Ev>> episodes = episodes(run.getValue());
      Set<String> cleanAccounts = new HashSet<>();
      Set<String> abuseAccounts = new HashSet<>();
      long previousBlock = -1;
      long previousOrdinal = -1;
      for (Ev e : run.getValue().events) {
        Matcher m = number.matcher(e.account);
        assertThat(m.matches()).as(e.account).isTrue();
        long no = Long.parseLong(m.group(1));
        if (e.kind == Kind.ABUSE) {
          assertThat(no).as(e.toString()).isGreaterThanOrEqualTo(90_000);
          abuseAccounts.add(e.account);
          if (e.reporter != null) {
            assertThat(e.reporter).matches("U-" + e.country + "-9\\d{6}");
          }
        } else {
          assertThat(no).as(e.toString()).isLessThan(2_000);
          cleanAccounts.add(e.account);
          if (e.reporter != null) {
            assertThat(e.reporter).matches("U-" + e.country + "-0\\d{6}");
          }
        }
      }
      assertThat(abuseAccounts).doesNotContainAnyElementsOf(cleanAccounts);
      for (Map.Entry<String, List<Ev>> ep : episodes.entrySet()) {
        List<Ev> evs = ep.getValue();
        String code = evs.get(0).g.abuse();
        long ordinal = Long.parseLong(ep.getKey().substring(1));
        long block = evs.get(0).index / SyntheticEventGenerator.BLOCK;
        // one episode per block at most, ordinals ascending with the blocks, floorCount placement
        assertThat(block).isGreaterThan(previousBlock);
        assertThat(ordinal).isGreaterThan(previousOrdinal);
        assertThat((long) Math.floor(block * 100 * s.abuseRate() / 1000 + 1e-9)).isEqualTo(ordinal);
        previousBlock = block;
        previousOrdinal = ordinal;
        int variant = AbuseEpisodes.variant(code, ordinal);
        assertThat(evs).allSatisfy(e -> {
          assertThat(e.index / SyntheticEventGenerator.BLOCK).isEqualTo(block);
          assertThat(e.g.abuse()).isEqualTo(code);
          assertThat(e.country).isEqualTo(evs.get(0).country);
        });
        assertThat(evs.size()).as(ep.getKey()).isEqualTo(AbuseEpisodes.size(code, variant));
        if (code.equals("price_anomaly") || code.equals("emerging_terms")) {
          assertThat(gen.scheduledTimeMillis(evs.get(0).index) - s.startTimeMillis())
              .isGreaterThanOrEqualTo(s.abuseWarmupMillis());
        }
        for (Ev e : evs) {
          if (e.sellerCreatedAt == null) {
            continue;
          }
          double days = (e.time - e.sellerCreatedAt) / (double) DetectorOracle.DAY;
          if (code.equals("new_account_high_value")) {
            assertThat(days).as(e.toString()).isBetween(1.999, 5.0);
            assertThat(e.usd).isBetween(1_800.0, 6_500.0);
          } else if (code.equals("seller_velocity") && variant == 0) {
            assertThat(days).as(e.toString()).isBetween(2.999, 3.3);
          } else {
            assertThat(days).as(e.toString()).isBetween(199.999, 2_000.1);
          }
        }
      }
    }
  }

  @Test
  void firstEpisodesRotateThroughTheKindsSkippingHistoryKindsDuringWarmUp() {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(AT_10);
    List<String> seen = new ArrayList<>();
    String lastEpisode = null;
    for (int i = 0; i < 2_400; i++) {
      GeneratedEvent e = gen.generate(i);
      if (e.kind() == Kind.ABUSE && !e.episode().equals(lastEpisode)) {
        seen.add(e.episode() + ":" + e.abuse());
        lastEpisode = e.episode();
      }
    }
    // 10 events/s: the first 12 000 events are the 20 minute warm-up; 5 episodes per 1000 events
    assertThat(seen).startsWith("E000000:seller_velocity", "E000001:duplicate_content", "E000002:report_storm",
        "E000003:new_account_high_value", "E000004:seller_velocity", "E000005:seller_velocity",
        "E000006:seller_velocity", "E000007:duplicate_content");
    assertThat(seen).hasSize(12);
  }

  @Test
  void abuseEventsAreWellFormedAndTripNoContentRule() {
    CompiledPolicySet policies = BundledPacks.compiled();
    EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
    ReferenceValidator v = new ReferenceValidator(AT_10);
    int checked = 0;
    List<String> flagged = new ArrayList<>();
    for (Map.Entry<GeneratorSettings, List<GeneratedEvent>> run : EVENTS.entrySet()) {
      List<GeneratedEvent> events = run.getValue();
      for (int i = 0; i < events.size(); i++) {
        GeneratedEvent g = events.get(i);
        if (g.kind() != Kind.ABUSE) {
          continue;
        }
        long now = g.eventTimeMillis() + 60_000;
        assertThat(v.reasons(g.payload(), g.eventTimeMillis())).as(g.toString()).isEmpty();
        DecodedRecord d = decoder.decode(g.payload(), RecordOrigin.generator(i), now, now);
        assertThat(d.isAccepted()).as(g.toString()).isTrue();
        List<RuleMatch> matches = policies.evaluate(d.event);
        if (!matches.isEmpty()) {
          flagged.add(matches + ": " + g.payloadAsString());
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1_000);
    assertThat(flagged).as("abuse events matching a content rule").isEmpty();
  }

  @Test
  void inventedTermsAreUniqueAndNotCatalogueWords() throws Exception {
    Set<String> terms = new HashSet<>();
    for (long o = 0; o < 5_000; o++) {
      String t = AbuseEpisodes.emergingTerm(o);
      assertThat(t).matches("[a-z]{3,40}");
      assertThat(terms.add(t)).as(t).isTrue();
    }
    Set<String> vocabulary = new HashSet<>();
    for (DetectorOracle.Result r : RESULTS.values()) {
      for (Ev e : r.events) {
        if (e.kind != Kind.ABUSE || !e.g.abuse().equals("emerging_terms")) {
          vocabulary.addAll(e.terms);
        }
      }
    }
    String all = String.join(" ", vocabulary) + " " + ViolationVocabulary.renderMarkdown().toLowerCase();
    for (String head : AbuseEpisodes.TERM_HEADS) {
      assertThat(all).doesNotContain(head);
    }
    for (long o = 0; o < 5_000; o++) {
      assertThat(vocabulary).doesNotContain(AbuseEpisodes.emergingTerm(o));
    }
  }

  @Test
  void abuseKeepsMalformedAndViolationPositions() {
    GeneratorSettings off = AT_20.withAbuseRate(0);
    SyntheticEventGenerator a = new SyntheticEventGenerator(AT_20);
    SyntheticEventGenerator b = new SyntheticEventGenerator(off);
    int abuse = 0;
    int identical = 0;
    for (int i = 0; i < 6_000; i++) {
      GeneratedEvent x = a.generate(i);
      GeneratedEvent y = b.generate(i);
      if (x.kind() == Kind.ABUSE) {
        abuse++;
        assertThat(y.kind()).isEqualTo(Kind.VALID);
        continue;
      }
      assertThat(x.kind()).isEqualTo(y.kind());
      assertThat(x.expectedDeadLetterReason()).isEqualTo(y.expectedDeadLetterReason());
      assertThat(x.violation()).isEqualTo(y.violation());
      assertThat(x.eventTimeMillis()).isEqualTo(y.eventTimeMillis());
      identical += x.equals(y) ? 1 : 0;
    }
    assertThat(abuse).isGreaterThan(100);
    // only events referring to recent listings/videos (updates, links, reports) may pick other targets
    assertThat(identical).isGreaterThan((6_000 - abuse) * 8 / 10);
  }

  @Test
  void shortBlocksShrinkOrSkipEpisodesButNeverBelowTheThreshold() {
    // 25 valid positions per block: the 36-listing velocity variant cannot trip its limit and is skipped,
    // the 30-event emerging term shrinks to 25, everything else fits
    GeneratorSettings s = GeneratorSettings.builder().seed(3).eventsPerSecond(10).malformedFraction(0.75)
        .abuseRate(10).abuseWarmupMillis(0).build();
    SyntheticEventGenerator gen = new SyntheticEventGenerator(s);
    Map<String, List<GeneratedEvent>> episodes = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      GeneratedEvent e = gen.generate(i);
      if (e.kind() == Kind.ABUSE) {
        episodes.computeIfAbsent(e.episode(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Set<Integer>> sizes = new TreeMap<>();
    for (Map.Entry<String, List<GeneratedEvent>> ep : episodes.entrySet()) {
      String code = ep.getValue().get(0).abuse();
      long ordinal = Long.parseLong(ep.getKey().substring(1));
      int variant = AbuseEpisodes.variant(code, ordinal);
      int size = ep.getValue().size();
      assertThat(size).as(ep.getKey()).isBetween(AbuseEpisodes.minSize(code, variant),
          AbuseEpisodes.size(code, variant));
      sizes.computeIfAbsent(code + (code.equals("seller_velocity") ? "/" + variant : ""), k -> new HashSet<>())
          .add(size);
    }
    assertThat(sizes).doesNotContainKey("seller_velocity/1");
    assertThat(sizes.get("emerging_terms")).containsExactly(25);
    assertThat(sizes.get("report_storm")).containsExactly(19);
    assertThat(episodes.size()).isLessThan(200).isGreaterThan(150);

    // 5 valid positions: only the small kinds remain (a storm never goes out with fewer than 10 reporters)
    GeneratorSettings tight = s.toBuilder().malformedFraction(0.5).violationFraction(0.45).build();
    SyntheticEventGenerator g2 = new SyntheticEventGenerator(tight);
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      GeneratedEvent e = g2.generate(i);
      if (e.kind() == Kind.ABUSE) {
        codes.add(e.abuse());
      }
    }
    assertThat(codes).contains("duplicate_content", "new_account_high_value")
        .isSubsetOf("duplicate_content", "new_account_high_value", "price_anomaly");
  }

  @Test
  void settingsValidateAndCopy() {
    GeneratorSettings d = GeneratorSettings.defaults();
    assertThat(d.abuseRate()).isEqualTo(1.0);
    assertThat(d.abuseWarmupMillis()).isEqualTo(20 * 60_000L);
    assertThat(d.catalogueVersion()).isEqualTo(GeneratorSettings.CATALOGUE_V2);
    GeneratorSettings x = d.withAbuseRate(10).withAbuseWarmupMillis(0).withCatalogueVersion(1);
    assertThat(x.toBuilder().build()).isEqualTo(x).hasSameHashCodeAs(x);
    assertThat(x).isNotEqualTo(d);
    assertThat(x.toString()).contains("abuseRate=10.0", "abuseWarmupMillis=0", "catalogueVersion=1");
    assertThat(d.withAbuseRate(0).abuseRate()).isZero();
    for (double bad : new double[] {-0.001, 10.001, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> d.withAbuseRate(bad)).as("abuseRate " + bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> d.withAbuseWarmupMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withCatalogueVersion(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratedEvent(new byte[0], Kind.ABUSE, null, null, "report_storm", null, "SG",
        "video", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratedEvent(new byte[0], Kind.VALID, null, null, "report_storm", "E000001", "SG",
        "video", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SyntheticEventGenerator.episodeId(7)).isEqualTo("E000007");
    assertThat(SyntheticEventGenerator.ABUSE_CODES).containsExactly("seller_velocity", "duplicate_content",
        "report_storm", "new_account_high_value", "price_anomaly", "emerging_terms");
  }

  /** SHA-256 over payloads and ground truth of the first {@code n} events. */
  static String digest(GeneratorSettings s, int n) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    SyntheticEventGenerator g = new SyntheticEventGenerator(s);
    for (int i = 0; i < n; i++) {
      GeneratedEvent e = g.generate(i);
      md.update(e.payload());
      md.update((byte) '\n');
      md.update((e.kind() + "|" + e.expectedDeadLetterReason() + "|" + e.violation() + "|" + e.country() + "|"
          + e.type() + "|" + e.eventTimeMillis() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : md.digest()) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  /** Digests recorded from the generator before abuse injection and catalogue v2 existed. */
  @Test
  void catalogueV1WithoutAbuseIsByteIdenticalToTheOriginalGenerator() throws Exception {
    GeneratorSettings v1 = GeneratorSettings.builder().abuseRate(0).catalogueVersion(1).build();
    assertThat(digest(v1.toBuilder().seed(7).malformedFraction(0.08).violationFraction(0.1).build(), 5_000))
        .isEqualTo("71165ea610fead6d21c858c83ab7431c50fb28cd9d54167823d8afb2a3abdc2b");
    assertThat(digest(v1.toBuilder().seed(3).eventsPerSecond(10).malformedFraction(0.03).violationFraction(0.05)
        .build(), 5_000)).isEqualTo("2f2d90013a0bb09bcefb9ac19001b78ee6e4a72305f675ba05e91ab4e7b96aca");
    assertThat(digest(v1, 3_000)).isEqualTo("ff6c49e2e061d3ec3a913376d5110558c7e9db691cace710a5837b9dbd0dae76");
    SyntheticEventGenerator v2 = new SyntheticEventGenerator(GeneratorSettings.builder().abuseRate(0).build());
    for (int i = 0; i < 3_000; i++) {
      assertThat(v2.generate(i).kind()).isNotEqualTo(Kind.ABUSE);
    }
  }

  @Test
  void catalogueV2KeepsLuxuryAwayFromFreshSellersAndGivesLuxuryWatchesTheirOwnCategory() throws Exception {
    Map<String, Set<String>> brandsByCategory = new HashMap<>();
    int luxury = 0;
    for (List<GeneratedEvent> events : EVENTS.values()) {
      for (GeneratedEvent g : events) {
        if (g.kind() == Kind.MALFORMED || !"listing".equals(g.type())) {
          continue;
        }
        JsonNode n = ReferenceValidator.JSON.readTree(g.payload());
        if (!n.has("category") || !n.has("brand")) {
          continue;
        }
        String category = n.get("category").asText();
        brandsByCategory.computeIfAbsent(category, k -> new HashSet<>()).add(n.get("brand").asText());
        if (g.kind() == Kind.VALID && category.startsWith("luxury-")) {
          luxury++;
          int no = Integer.parseInt(n.get("seller_id").asText().substring(5));
          assertThat(no).as(g.toString()).isLessThan(1_800);
        }
      }
    }
    assertThat(luxury).isGreaterThan(100);
    assertThat(brandsByCategory.get("watches")).doesNotContain("Rolex", "Omega", "Cartier");
    assertThat(brandsByCategory.get("luxury-watches")).contains("Rolex", "Omega", "Cartier");
    assertThat(brandsByCategory.get("electronics")).doesNotContain("Anker", "JBL");
  }
}
