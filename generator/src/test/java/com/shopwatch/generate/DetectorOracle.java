package com.shopwatch.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.generate.GeneratedEvent.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plain-Java replay of the windowed abuse detectors at their default thresholds (the global policy pack), for
 * checking the generator's ground truth: which events each detector would flag, attributed to abuse episodes and to
 * clean (VALID) events. Deliberately simple and exact (no sketches, no buckets): sliding windows are checked for every
 * event, medians are exact; where the production semantics are ambiguous the oracle is strict in both directions
 * (abuse must trip with the lower median, clean must pass with the upper one).
 */
final class DetectorOracle {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  static final long VELOCITY_WINDOW = 10 * MINUTE;
  static final int MAX_LISTINGS = 30;
  static final int MAX_LISTINGS_NEW = 10;
  static final long NEW_ACCOUNT_DAYS = 30;
  static final int MAX_VIDEOS = 20;
  static final long RING_WINDOW = HOUR;
  static final int RING_MIN_SELLERS = 3;
  static final long STORM_WINDOW = 30 * MINUTE;
  static final int STORM_MIN_REPORTERS = 10;
  static final long HIGH_VALUE_MAX_AGE_DAYS = 7;
  static final double HIGH_VALUE_MIN_USD = 1500;
  static final long PRICE_WINDOW = 6 * HOUR;
  static final double PRICE_MAX_RATIO = 0.1;
  static final int PRICE_MIN_SAMPLES = 30;
  static final long TERM_WINDOW = 5 * MINUTE;
  static final int TERM_MIN_COUNT = 15;
  static final double TERM_MIN_LIFT = 5.0;
  static final int TERM_WARMUP_WINDOWS = 3;
  static final double TERM_ALPHA = 0.3;

  static final Map<String, Double> FX_USD = Map.ofEntries(Map.entry("USD", 1.0), Map.entry("SGD", 0.74),
      Map.entry("MYR", 0.21), Map.entry("IDR", 0.000063), Map.entry("THB", 0.028), Map.entry("VND", 0.000039),
      Map.entry("PHP", 0.017), Map.entry("JPY", 0.0066), Map.entry("KRW", 0.00071), Map.entry("TWD", 0.031),
      Map.entry("AUD", 0.65));

  /** One well-formed event, parsed. */
  static final class Ev {
    int index;
    GeneratedEvent g;
    Kind kind;
    String episode;
    String type;
    String action;
    String country;
    long time;
    String account;
    String item;
    String category;
    double usd = Double.NaN;
    Long sellerCreatedAt;
    List<String> images = List.of();
    String reporter;
    Set<String> terms = Set.of();

    boolean listing() {
      return "listing".equals(type);
    }

    @Override
    public String toString() {
      return "#" + index + " " + kind + (episode != null ? " " + g.abuse() + " " + episode : "") + " " + type + " "
          + action + " " + country + " " + account + " " + item;
    }
  }

  /** What a detector flagged: the events (flags) or, for emerging_terms, the trends. */
  static final class Result {
    final List<Ev> events = new ArrayList<>();
    /** detector code -> flagged events. */
    final Map<String, Set<Ev>> flagged = new HashMap<>();
    /** emerging_terms trends from {@code trendsFrom} on: "country|windowStart|term|count|lift". */
    final List<String> trends = new ArrayList<>();
    /** Trends of windows starting before {@code trendsFrom} (the detector's baseline is still building up). */
    final List<String> earlyTrends = new ArrayList<>();
    /** price_anomaly: lowest clean (VALID) price ÷ upper median seen once the key had enough samples. */
    double minCleanPriceRatio = Double.POSITIVE_INFINITY;
    String minCleanPriceRatioAt;
    /** price_anomaly: for each abuse listing, the samples its key held and the clean electronics listings before it. */
    final Map<String, int[]> priceEpisodeSamples = new HashMap<>();
    /** Largest counts clean accounts/videos/images reached, for the report. */
    int maxCleanListings;
    int maxCleanNewListings;
    int maxCleanVideos;
    int maxCleanRingSellers;
    int maxCleanReporters;

    Set<Ev> flagged(String code) {
      return flagged.computeIfAbsent(code, k -> new LinkedHashSet<>());
    }
  }

  private DetectorOracle() {}

  static Ev parse(int index, GeneratedEvent g) throws Exception {
    JsonNode n = ReferenceValidator.JSON.readTree(g.payload());
    Ev e = new Ev();
    e.index = index;
    e.g = g;
    e.kind = g.kind();
    e.episode = g.episode();
    e.type = n.get("type").asText();
    e.action = n.get("action").asText();
    e.country = n.get("country").asText();
    e.time = ReferenceValidator.parseTime(n.get("event_time"));
    if (e.listing()) {
      e.account = n.get("seller_id").asText();
      e.item = n.get("listing_id").asText();
      e.category = n.hasNonNull("category") ? n.get("category").asText() : null;
      if (n.hasNonNull("price")) {
        double amount = n.get("price").get("amount").doubleValue();
        e.usd = amount * FX_USD.get(n.get("price").get("currency").asText());
      }
      if (n.hasNonNull("seller_created_at")) {
        e.sellerCreatedAt = Instant.parse(n.get("seller_created_at").asText()).toEpochMilli();
      }
      if (n.hasNonNull("image_hashes")) {
        List<String> images = new ArrayList<>();
        n.get("image_hashes").forEach(h -> images.add(h.asText()));
        e.images = images;
      }
    } else {
      e.account = n.get("creator_id").asText();
      e.item = n.get("video_id").asText();
      e.reporter = n.hasNonNull("reporter_id") ? n.get("reporter_id").asText() : null;
    }
    e.terms = terms(n);
    return e;
  }

  /** Terms: hashtags whole, words (letter/digit runs) of title and caption; lower-case, 3-40 chars, not all digits. */
  static Set<String> terms(JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    if (n.hasNonNull("hashtags")) {
      for (JsonNode t : n.get("hashtags")) {
        StringBuilder sb = new StringBuilder();
        t.asText().toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit)
            .forEach(sb::appendCodePoint);
        keep(sb.toString(), out);
      }
    }
    for (String field : List.of("title", "caption")) {
      if (!n.hasNonNull(field)) {
        continue;
      }
      String text = n.get(field).asText().toLowerCase(Locale.ROOT);
      int start = -1;
      for (int i = 0; i <= text.length(); i++) {
        boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
        if (word && start < 0) {
          start = i;
        } else if (!word && start >= 0) {
          keep(text.substring(start, i), out);
          start = -1;
        }
      }
    }
    return out;
  }

  private static void keep(String w, Set<String> out) {
    int len = w.codePointCount(0, w.length());
    if (len < 3 || len > 40 || out.size() >= 48 || w.chars().allMatch(Character::isDigit)) {
      return;
    }
    out.add(w);
  }

  /** Replays all detectors; emerging-term trends of windows starting before {@code trendsFrom} are kept apart. */
  static Result run(List<GeneratedEvent> generated, long trendsFrom) throws Exception {
    Result r = new Result();
    for (int i = 0; i < generated.size(); i++) {
      GeneratedEvent g = generated.get(i);
      if (g.kind() != Kind.MALFORMED) {
        r.events.add(parse(i, g));
      }
    }
    velocity(r);
    rings(r);
    storms(r);
    highValue(r);
    prices(r);
    terms(r, trendsFrom);
    return r;
  }

  /** Max events in any window [t, t + window) of the sorted times. */
  private static int maxInWindow(List<Long> sorted, long window) {
    int best = 0;
    int j = 0;
    for (int i = 0; i < sorted.size(); i++) {
      while (sorted.get(i) - sorted.get(j) >= window) {
        j++;
      }
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  private static void velocity(Result r) {
    Map<String, List<Ev>> byKey = new HashMap<>();
    for (Ev e : r.events) {
      boolean counted = e.listing() ? e.action.equals("created") : e.action.equals("published");
      if (counted) {
        byKey.computeIfAbsent(e.type + "|" + e.account, k -> new ArrayList<>()).add(e);
      }
    }
    for (List<Ev> evs : byKey.values()) {
      List<Long> times = new ArrayList<>();
      boolean young = false;
      boolean clean = false;
      for (Ev e : evs) {
        times.add(e.time);
        young |= e.sellerCreatedAt != null && e.time - e.sellerCreatedAt < NEW_ACCOUNT_DAYS * DAY;
        clean |= e.kind == Kind.VALID;
      }
      Collections.sort(times);
      int max = maxInWindow(times, VELOCITY_WINDOW);
      boolean listing = evs.get(0).listing();
      int limit = !listing ? MAX_VIDEOS : young ? MAX_LISTINGS_NEW : MAX_LISTINGS;
      if (clean) {
        if (!listing) {
          r.maxCleanVideos = Math.max(r.maxCleanVideos, max);
        } else if (young) {
          r.maxCleanNewListings = Math.max(r.maxCleanNewListings, max);
        } else {
          r.maxCleanListings = Math.max(r.maxCleanListings, max);
        }
      }
      if (max > limit) {
        r.flagged("seller_velocity").addAll(evs);
      }
    }
  }

  private static void rings(Result r) {
    Map<String, List<Ev>> byImage = new HashMap<>();
    for (Ev e : r.events) {
      if (e.listing() && (e.action.equals("created") || e.action.equals("updated"))) {
        for (String h : new LinkedHashSet<>(e.images)) {
          byImage.computeIfAbsent(h, k -> new ArrayList<>()).add(e);
        }
      }
    }
    for (List<Ev> evs : byImage.values()) {
      boolean clean = evs.stream().anyMatch(e -> e.kind == Kind.VALID);
      for (Ev e : evs) {
        Set<String> sellers = new HashSet<>();
        for (Ev o : evs) {
          if (Math.abs(o.time - e.time) < RING_WINDOW) {
            sellers.add(o.account);
          }
        }
        if (clean) {
          r.maxCleanRingSellers = Math.max(r.maxCleanRingSellers, sellers.size());
        }
        if (sellers.size() >= RING_MIN_SELLERS) {
          r.flagged("duplicate_content").add(e);
        }
      }
    }
  }

  private static void storms(Result r) {
    Map<String, List<Ev>> reports = new HashMap<>();
    Map<String, List<Ev>> byVideo = new HashMap<>();
    for (Ev e : r.events) {
      if (!e.listing()) {
        byVideo.computeIfAbsent(e.item, k -> new ArrayList<>()).add(e);
        if (e.action.equals("reported")) {
          reports.computeIfAbsent(e.item, k -> new ArrayList<>()).add(e);
        }
      }
    }
    for (Map.Entry<String, List<Ev>> v : reports.entrySet()) {
      List<Ev> evs = v.getValue();
      boolean clean = byVideo.get(v.getKey()).stream().anyMatch(e -> e.kind == Kind.VALID);
      int max = 0;
      for (Ev e : evs) {
        Set<String> reporters = new HashSet<>();
        for (Ev o : evs) {
          if (o.time >= e.time && o.time - e.time < STORM_WINDOW) {
            reporters.add(o.reporter);
          }
        }
        max = Math.max(max, reporters.size());
      }
      if (clean) {
        r.maxCleanReporters = Math.max(r.maxCleanReporters, max);
      }
      if (max >= STORM_MIN_REPORTERS) {
        r.flagged("report_storm").addAll(byVideo.get(v.getKey()));
      }
    }
  }

  private static void highValue(Result r) {
    for (Ev e : r.events) {
      if (e.listing() && (e.action.equals("created") || e.action.equals("updated")) && !Double.isNaN(e.usd)
          && e.sellerCreatedAt != null && e.time - e.sellerCreatedAt < HIGH_VALUE_MAX_AGE_DAYS * DAY
          && e.usd >= HIGH_VALUE_MIN_USD) {
        r.flagged("new_account_high_value").add(e);
      }
    }
  }

  /** Prices per category x country in arrival (index) order; flagged prices stay out of the median. */
  private static void prices(Result r) {
    Map<String, List<double[]>> window = new HashMap<>(); // key -> (time, usd) in arrival order
    Map<String, List<Double>> sorted = new HashMap<>();
    for (Ev e : r.events) {
      if (!e.listing() || !(e.action.equals("created") || e.action.equals("updated")) || Double.isNaN(e.usd)
          || e.usd <= 0 || e.category == null) {
        continue;
      }
      String key = e.category + "|" + e.country;
      List<double[]> w = window.computeIfAbsent(key, k -> new ArrayList<>());
      List<Double> s = sorted.computeIfAbsent(key, k -> new ArrayList<>());
      while (!w.isEmpty() && w.get(0)[0] < e.time - PRICE_WINDOW) {
        double[] old = w.remove(0);
        s.remove(Collections.binarySearch(s, old[1]));
      }
      int n = s.size();
      boolean anomalous = false;
      if (n >= PRICE_MIN_SAMPLES) {
        double lower = s.get((n - 1) / 2);
        double upper = s.get(n / 2);
        anomalous = e.usd < PRICE_MAX_RATIO * lower;
        if (e.kind == Kind.VALID && e.usd / upper < r.minCleanPriceRatio) {
          r.minCleanPriceRatio = e.usd / upper;
          r.minCleanPriceRatioAt = e + " " + e.category + " usd=" + e.usd + " median=" + upper + " n=" + n;
        }
        if (e.kind == Kind.VALID && e.usd < PRICE_MAX_RATIO * upper) {
          anomalous = true; // strict for clean listings
        }
      }
      if (e.kind == Kind.ABUSE && "price_anomaly".equals(e.g.abuse())) {
        r.priceEpisodeSamples.put(e.episode, new int[] {n, cleanBefore(r, e)});
      }
      if (anomalous) {
        r.flagged("price_anomaly").add(e);
      } else {
        w.add(new double[] {e.time, e.usd});
        int at = Collections.binarySearch(s, e.usd);
        s.add(at >= 0 ? at : -at - 1, e.usd);
      }
    }
  }

  /** Clean created/updated listings of the same category and country within the window before {@code e}. */
  private static int cleanBefore(Result r, Ev e) {
    int n = 0;
    for (Ev o : r.events) {
      if (o.index >= e.index) {
        break;
      }
      if (o.kind == Kind.VALID && o.listing() && !o.action.equals("deleted") && e.category.equals(o.category)
          && e.country.equals(o.country) && o.time >= e.time - PRICE_WINDOW) {
        n++;
      }
    }
    return n;
  }

  /** Emerging terms per country: tumbling windows, EWMA baseline (terms admitted once seen twice in a window). */
  private static void terms(Result r, long trendsFrom) {
    Map<String, TreeMap<Long, Map<String, Integer>>> counts = new HashMap<>();
    Map<String, Map<Long, Map<String, Set<Ev>>>> mentions = new HashMap<>();
    for (Ev e : r.events) {
      boolean counted = e.action.equals("created") || e.action.equals("updated") || e.action.equals("published");
      if (!counted || e.terms.isEmpty()) {
        continue;
      }
      long w = Math.floorDiv(e.time, TERM_WINDOW);
      Map<String, Integer> c = counts.computeIfAbsent(e.country, k -> new TreeMap<>())
          .computeIfAbsent(w, k -> new HashMap<>());
      for (String t : e.terms) {
        c.merge(t, 1, Integer::sum);
        if (e.kind == Kind.ABUSE) {
          mentions.computeIfAbsent(e.country, k -> new HashMap<>()).computeIfAbsent(w, k -> new HashMap<>())
              .computeIfAbsent(t, k -> new LinkedHashSet<>()).add(e);
        }
      }
    }
    for (Map.Entry<String, TreeMap<Long, Map<String, Integer>>> country : counts.entrySet()) {
      Map<String, Double> baseline = new HashMap<>();
      long first = country.getValue().firstKey();
      Long last = null;
      for (Map.Entry<Long, Map<String, Integer>> win : country.getValue().entrySet()) {
        long w = win.getKey();
        long gap = last == null ? 1 : Math.max(1, w - last);
        double decay = Math.pow(1 - TERM_ALPHA, Math.max(0, gap - 1));
        if (w - first >= TERM_WARMUP_WINDOWS) {
          for (Map.Entry<String, Integer> c : win.getValue().entrySet()) {
            double base = baseline.getOrDefault(c.getKey(), 0.0) * decay;
            double lift = c.getValue() / Math.max(1.0, base);
            if (c.getValue() >= TERM_MIN_COUNT && lift >= TERM_MIN_LIFT) {
              String trend = country.getKey() + "|" + Instant.ofEpochMilli(w * TERM_WINDOW) + "|" + c.getKey() + "|"
                  + c.getValue() + "|" + String.format(Locale.ROOT, "%.1f", lift);
              if (w * TERM_WINDOW < trendsFrom) {
                r.earlyTrends.add(trend);
                continue;
              }
              r.trends.add(trend);
              Set<Ev> by = mentions.getOrDefault(country.getKey(), Map.of()).getOrDefault(w, Map.of())
                  .getOrDefault(c.getKey(), Set.of());
              r.flagged("emerging_terms").addAll(by);
            }
          }
        }
        Map<String, Double> next = new HashMap<>();
        for (Map.Entry<String, Double> b : baseline.entrySet()) {
          double v = TERM_ALPHA * win.getValue().getOrDefault(b.getKey(), 0) + (1 - TERM_ALPHA) * b.getValue() * decay;
          if (v >= 0.05) {
            next.put(b.getKey(), v);
          }
        }
        for (Map.Entry<String, Integer> c : win.getValue().entrySet()) {
          if (c.getValue() >= 2 && !baseline.containsKey(c.getKey())) {
            next.put(c.getKey(), TERM_ALPHA * c.getValue());
          }
        }
        baseline = next;
        last = w;
      }
    }
  }
}
