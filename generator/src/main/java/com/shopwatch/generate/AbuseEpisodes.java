package com.shopwatch.generate;

import com.shopwatch.generate.Catalogue.Concept;
import com.shopwatch.generate.SyntheticEventGenerator.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Abuse episodes of the {@link SyntheticEventGenerator}: where they go and what their events carry.
 *
 * <p>Every episode trips one windowed abuse detector at its default threshold with a margin, within one block of
 * {@value SyntheticEventGenerator#BLOCK} events (so well inside the detector windows at any ordinary rate), with
 * well-formed events free of policy-violating vocabulary. The kind is round-robin by episode ordinal over {@link
 * #CODES}; {@code price_anomaly} and {@code emerging_terms} need history and are skipped (the next kind is used) before
 * {@link GeneratorSettings#abuseWarmupMillis()} and, for {@code price_anomaly}, until some market can be expected to
 * have enough electronics prices for a median.
 *
 * <table>
 *   <caption>Episode shapes</caption>
 *   <tr><th>code</th><th>events</th><th>detector threshold (defaults)</th></tr>
 *   <tr><td>seller_velocity</td><td>by {@code (ordinal / 6) % 3}: a 3-day-old seller creating 14 listings, an
 *       established seller creating 36, or a creator publishing 24 videos</td><td>&gt; 10 / &gt; 30 listings, &gt; 20
 *       videos in 10 min</td></tr>
 *   <tr><td>duplicate_content</td><td>4 or 5 established sellers each creating one listing of the same product
 *       sharing one fresh image hash</td><td>&gt;= 3 distinct sellers per image in 1 h</td></tr>
 *   <tr><td>report_storm</td><td>a creator publishes a video, 14 distinct users report it, one of them 4 more
 *       times</td><td>&gt;= 10 distinct reporters in 30 min</td></tr>
 *   <tr><td>new_account_high_value</td><td>a 2-5-day-old seller lists 1 or 2 items at 2 000-6 000 USD</td>
 *       <td>account &lt; 7 days, price &gt;= 1 500 USD</td></tr>
 *   <tr><td>price_anomaly</td><td>an established seller lists a smartphone at 2-4 % of its reference price</td>
 *       <td>&lt; 0.1 x the 6 h median of electronics in the country, after 30 prices</td></tr>
 *   <tr><td>emerging_terms</td><td>30 listings and videos by 30 accounts of one market mentioning one invented
 *       term (title or caption, and hashtag)</td><td>&gt;= 15 events and &gt;= 5 x baseline in a 5 min window</td>
 *       </tr>
 * </table>
 *
 * <p>Accounts: {@code S-<MKT>-<n>} / {@code C-<MKT>-<n>} with {@code n = 90000 + 40 * ordinal + slot} (clean
 * accounts are below 2000), reporters {@code U-<MKT>-9dddddd} (clean reporters are {@code U-<MKT>-0dddddd}). If a
 * block has fewer VALID positions than an episode needs, it shrinks down to the smallest size that still trips the
 * detector, or the episode is skipped (its ordinal is then unused).
 */
final class AbuseEpisodes {
  private AbuseEpisodes() {}

  static final String SELLER_VELOCITY = "seller_velocity";
  static final String DUPLICATE_CONTENT = "duplicate_content";
  static final String REPORT_STORM = "report_storm";
  static final String NEW_ACCOUNT_HIGH_VALUE = "new_account_high_value";
  static final String PRICE_ANOMALY = "price_anomaly";
  static final String EMERGING_TERM = "emerging_terms";

  /** Round-robin order of the episode kinds. */
  static final List<String> CODES = List.of(SELLER_VELOCITY, DUPLICATE_CONTENT, REPORT_STORM, NEW_ACCOUNT_HIGH_VALUE,
      PRICE_ANOMALY, EMERGING_TERM);

  /** First account number of abuse sellers and creators. */
  static final long ACCOUNT_BASE = 90_000;
  /** Account numbers reserved per episode (no episode has more events than this). */
  static final int ACCOUNTS_PER_EPISODE = 40;
  /** First reporter number of report storms: 7 digits starting with 9, disjoint from clean reporters. */
  static final int REPORTER_BASE = 9_000_000;
  static final int REPORTERS_PER_EPISODE = 20;

  static final int VELOCITY_NEW_SELLER_LISTINGS = 14;
  static final int VELOCITY_SELLER_LISTINGS = 36;
  static final int VELOCITY_CREATOR_VIDEOS = 24;
  static final int RING_SELLERS = 4;
  static final int STORM_REPORTERS = 14;
  static final int STORM_FLOOD = 4;
  static final int EMERGING_EVENTS = 30;

  /** The default detector thresholds the minimum episode sizes are derived from. */
  static final int NEW_SELLER_LISTING_LIMIT = 10;
  static final int SELLER_LISTING_LIMIT = 30;
  static final int CREATOR_VIDEO_LIMIT = 20;
  static final int RING_MIN_SELLERS = 3;
  static final int STORM_MIN_REPORTERS = 10;
  static final int EMERGING_MIN_COUNT = 15;

  /** price_anomaly: the horizon counted on for the median (the detector's 6 h window, less a bucket). */
  static final long PRICE_HISTORY_MILLIS = 5 * 3_600_000L;
  /** price_anomaly: expected electronics prices in the market first (the detector needs 30). */
  static final double PRICE_MIN_EXPECTED_SAMPLES = 60;
  /** Share of listing events that carry a price (created or updated). */
  private static final double PRICED_LISTING_SHARE = 0.92;

  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  /** Invented slang for emerging_terms: a head plus base-16 tails, unique per episode ordinal. */
  static final List<String> TERM_HEADS = List.of("glimmer", "snow", "zest", "fizz", "moon", "wobble", "quill",
      "bramble", "tinsel", "velvet", "cobble", "nimbus", "plum", "dapple", "frolic", "sprig");
  static final List<String> TERM_TAILS = List.of("drop", "swirl", "nook", "dash", "glow", "wisp", "fern", "zing",
      "tuft", "twirl", "blip", "pip", "bean", "kit", "mote", "burr");

  /** One planned episode: kind, market and the block positions (in index order) of its events. */
  static final class Episode {
    final long ordinal;
    final String code;
    final int variant;
    final Market market;
    final long block;
    final int[] positions;

    Episode(long ordinal, String code, int variant, Market market, long block, int[] positions) {
      this.ordinal = ordinal;
      this.code = code;
      this.variant = variant;
      this.market = market;
      this.block = block;
      this.positions = positions;
    }

    long index(int slot) {
      return block * SyntheticEventGenerator.BLOCK + positions[slot];
    }

    int size() {
      return positions.length;
    }

    String type(int slot) {
      switch (code) {
        case SELLER_VELOCITY:
          return variant == 2 ? SyntheticEventGenerator.VIDEO : SyntheticEventGenerator.LISTING;
        case REPORT_STORM:
          return SyntheticEventGenerator.VIDEO;
        case EMERGING_TERM:
          return slot % 2 == 0 ? SyntheticEventGenerator.LISTING : SyntheticEventGenerator.VIDEO;
        default:
          return SyntheticEventGenerator.LISTING;
      }
    }

    String action(int slot) {
      if (code.equals(REPORT_STORM) && slot > 0) {
        return "reported";
      }
      return SyntheticEventGenerator.VIDEO.equals(type(slot)) ? "published" : "created";
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Placement
  // ------------------------------------------------------------------------------------------------------------

  /** 0-2 for seller_velocity, 0-1 for duplicate_content and new_account_high_value, else 0. */
  static int variant(String code, long ordinal) {
    long round = ordinal / CODES.size();
    switch (code) {
      case SELLER_VELOCITY:
        return (int) (round % 3);
      case DUPLICATE_CONTENT:
      case NEW_ACCOUNT_HIGH_VALUE:
        return (int) (round % 2);
      default:
        return 0;
    }
  }

  /** Events of a full episode. */
  static int size(String code, int variant) {
    switch (code) {
      case SELLER_VELOCITY:
        return variant == 0 ? VELOCITY_NEW_SELLER_LISTINGS
            : variant == 1 ? VELOCITY_SELLER_LISTINGS : VELOCITY_CREATOR_VIDEOS;
      case DUPLICATE_CONTENT:
        return RING_SELLERS + variant;
      case REPORT_STORM:
        return 1 + STORM_REPORTERS + STORM_FLOOD;
      case NEW_ACCOUNT_HIGH_VALUE:
        return 1 + variant;
      case PRICE_ANOMALY:
        return 1;
      case EMERGING_TERM:
        return EMERGING_EVENTS;
      default:
        throw new IllegalArgumentException(code);
    }
  }

  /** The fewest events that still trip the detector (a shrunk episode). */
  static int minSize(String code, int variant) {
    switch (code) {
      case SELLER_VELOCITY:
        return 1 + (variant == 0 ? NEW_SELLER_LISTING_LIMIT : variant == 1 ? SELLER_LISTING_LIMIT
            : CREATOR_VIDEO_LIMIT);
      case DUPLICATE_CONTENT:
        return RING_MIN_SELLERS;
      case REPORT_STORM:
        return 1 + STORM_MIN_REPORTERS;
      case EMERGING_TERM:
        return EMERGING_MIN_COUNT;
      default:
        return 1;
    }
  }

  /**
   * Plans the episode with this ordinal in a block whose VALID positions are {@code valid} (ascending), or returns
   * null if it cannot be placed there.
   */
  static Episode place(SyntheticEventGenerator g, long ordinal, long block, int[] valid) {
    GeneratorSettings s = g.settings();
    long blockStart = g.scheduledTimeMillis(block * SyntheticEventGenerator.BLOCK);
    boolean warm = blockStart - s.startTimeMillis() >= s.abuseWarmupMillis();
    SplittableRandom r = g.rnd(ordinal, SyntheticEventGenerator.SALT_ABUSE_PLACE);
    for (int k = 0; k < CODES.size(); k++) {
      String code = CODES.get((int) ((ordinal + k) % CODES.size()));
      Market m;
      if (code.equals(PRICE_ANOMALY)) {
        m = warm ? priceMarket(g, blockStart, r) : null;
      } else if (code.equals(EMERGING_TERM)) {
        m = warm ? Market.pick(r) : null;
      } else {
        m = Market.pick(r);
      }
      if (m == null) {
        continue; // needs history: the next kind of the rotation
      }
      int variant = variant(code, ordinal);
      if (valid.length < minSize(code, variant)) {
        return null;
      }
      int n = Math.min(size(code, variant), valid.length);
      int[] chosen = valid.clone();
      for (int i = 0; i < n; i++) {
        int j = i + r.nextInt(chosen.length - i);
        int t = chosen[i];
        chosen[i] = chosen[j];
        chosen[j] = t;
      }
      int[] positions = Arrays.copyOf(chosen, n);
      Arrays.sort(positions);
      return new Episode(ordinal, code, variant, m, block, positions);
    }
    return null;
  }

  /**
   * A market (by traffic weight) where at least {@link #PRICE_MIN_EXPECTED_SAMPLES} electronics prices can be expected
   * within the median's horizon before {@code atMillis}, or null if there is none yet.
   */
  static Market priceMarket(SyntheticEventGenerator g, long atMillis, SplittableRandom r) {
    GeneratorSettings s = g.settings();
    double seconds = Math.min(PRICE_HISTORY_MILLIS, atMillis - s.startTimeMillis()) / 1000.0;
    double perSecond = s.eventsPerSecond() * Math.max(0.0, 1.0 - s.malformedFraction() - s.violationFraction())
        * (1.0 - s.videoFraction()) * PRICED_LISTING_SHARE * electronicsShare(g);
    int total = 0;
    for (Market m : Market.values()) {
      total += m.trafficWeight;
    }
    List<Market> eligible = new ArrayList<>();
    int weight = 0;
    for (Market m : Market.values()) {
      if (seconds * perSecond * m.trafficWeight / total >= PRICE_MIN_EXPECTED_SAMPLES) {
        eligible.add(m);
        weight += m.trafficWeight;
      }
    }
    if (eligible.isEmpty()) {
      return null;
    }
    int x = r.nextInt(weight);
    for (Market m : eligible) {
      x -= m.trafficWeight;
      if (x < 0) {
        return m;
      }
    }
    return eligible.get(eligible.size() - 1);
  }

  private static double electronicsShare(SyntheticEventGenerator g) {
    List<Concept> all = g.concepts();
    int n = 0;
    for (Concept c : all) {
      n += c.category.equals(priceConcept(g).category) ? 1 : 0;
    }
    return (double) n / all.size();
  }

  private static Concept priceConcept(SyntheticEventGenerator g) {
    return Catalogue.concept(g.settings().catalogueVersion(), "smartphone");
  }

  /** The invented term of the emerging_terms episode with this ordinal (lower-case ASCII letters). */
  static String emergingTerm(long ordinal) {
    StringBuilder sb = new StringBuilder(TERM_HEADS.get((int) (ordinal % TERM_HEADS.size())));
    long rest = ordinal / TERM_HEADS.size();
    do {
      sb.append(TERM_TAILS.get((int) (rest % TERM_TAILS.size())));
      rest /= TERM_TAILS.size();
    } while (rest > 0);
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Events
  // ------------------------------------------------------------------------------------------------------------

  static String sellerId(Market m, long no) {
    return SyntheticEventGenerator.zeroPadded("S-" + m.name() + "-", no, 5);
  }

  static String creatorId(Market m, long no) {
    return SyntheticEventGenerator.zeroPadded("C-" + m.name() + "-", no, 5);
  }

  static long accountNo(Episode e, int slot) {
    return ACCOUNT_BASE + e.ordinal * ACCOUNTS_PER_EPISODE + slot;
  }

  static String reporterId(Episode e, int reporter) {
    return SyntheticEventGenerator.zeroPadded("U-" + e.market.name() + "-",
        REPORTER_BASE + (e.ordinal * REPORTERS_PER_EPISODE + reporter) % 1_000_000, 7);
  }

  /** The episode's event. */
  static Map<String, Object> event(SyntheticEventGenerator g, Plan p) {
    Episode e = p.episode;
    switch (e.code) {
      case SELLER_VELOCITY:
        return velocity(g, p, e);
      case DUPLICATE_CONTENT:
        return ring(g, p, e);
      case REPORT_STORM:
        return storm(g, p, e);
      case NEW_ACCOUNT_HIGH_VALUE:
        return newAccount(g, p, e);
      case PRICE_ANOMALY:
        return priceAnomaly(g, p, e);
      case EMERGING_TERM:
        return emerging(g, p, e);
      default:
        throw new IllegalStateException("unhandled abuse code " + e.code);
    }
  }

  /** Episode-wide randomness (same for every event of the episode). */
  private static SplittableRandom episodeRnd(SyntheticEventGenerator g, Episode e) {
    return g.rnd(e.ordinal, SyntheticEventGenerator.SALT_ABUSE_EPISODE);
  }

  private static SplittableRandom eventRnd(SyntheticEventGenerator g, Plan p) {
    return g.rnd(p.index, SyntheticEventGenerator.SALT_ABUSE_EVENT);
  }

  /**
   * Creation time of an abuse account, whole seconds: {@code minDays} to {@code minDays + spanDays} before the
   * episode's first scheduled event.
   */
  private static String createdAt(SyntheticEventGenerator g, Episode e, int slot, long minDays, long spanMillis) {
    SplittableRandom r = g.rnd(e.ordinal * ACCOUNTS_PER_EPISODE + slot, SyntheticEventGenerator.SALT_ABUSE_ACCOUNT);
    long anchor = g.scheduledTimeMillis(e.index(0));
    long t = anchor - minDays * DAY - r.nextLong(spanMillis);
    return Instant.ofEpochMilli(Math.floorDiv(t, 1000L) * 1000L).toString();
  }

  /** 200-2000 days old. */
  private static String establishedCreatedAt(SyntheticEventGenerator g, Episode e, int slot) {
    return createdAt(g, e, slot, 200, 1_800 * DAY);
  }

  /** A random product that is not luxury resale (normal prices, never near the high-value limit). */
  private static Concept ordinaryConcept(SyntheticEventGenerator g, SplittableRandom r) {
    Concept c = SyntheticEventGenerator.pick(g.concepts(), r);
    while (c.luxury()) {
      c = SyntheticEventGenerator.pick(g.concepts(), r);
    }
    return c;
  }

  private static double ordinaryUsd(Concept c, SplittableRandom r) {
    return c.usd * (0.75 + 0.6 * r.nextDouble());
  }

  private static String catalogueTitle(String brand, Concept c, String lang, String suffix) {
    return (brand + " " + c.name(lang) + (suffix.isEmpty() ? "" : " " + suffix)).trim();
  }

  private static List<String> uniqueImages(SplittableRandom r) {
    List<String> images = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      images.add(SyntheticEventGenerator.hex16(r.nextLong()));
    }
    return images;
  }

  private static Map<String, Object> listing(SyntheticEventGenerator g, Plan p, String seller, String sellerCreatedAt,
      String lang, boolean langField, Concept c, String brand, String title, double usd, List<String> images,
      SplittableRandom r) {
    Market m = p.market;
    Map<String, Object> ev = g.header(p, SyntheticEventGenerator.LISTING, p.action);
    ev.put("listing_id", SyntheticEventGenerator.listingId(m, p.index));
    ev.put("seller_id", seller);
    ev.put("country", m.name());
    if (langField) {
      ev.put("language", lang);
    }
    ev.put("category", c.category);
    ev.put("title", title);
    String city = m.pickCity(lang, r);
    ev.put("description", Catalogue.fill(SyntheticEventGenerator.pick(Catalogue.DESCRIPTIONS.get(lang), r), brand,
        c.name(lang), city));
    ev.put("brand", brand);
    ev.put("price", SyntheticEventGenerator.price(m.localPrice(usd, r), m.currency));
    ev.put("image_hashes", images);
    ev.put("seller_created_at", sellerCreatedAt);
    return ev;
  }

  /** A catalogue-like video: caption about a random product, 2-4 hashtags of the language plus its category. */
  private static final class VideoBody {
    String caption;
    List<String> hashtags;
    double duration;
  }

  private static VideoBody videoBody(SyntheticEventGenerator g, Market m, String lang, SplittableRandom r) {
    Concept c = SyntheticEventGenerator.pick(g.concepts(), r);
    String brand = c.pickBrand(m, r);
    VideoBody v = new VideoBody();
    v.caption = Catalogue.fill(SyntheticEventGenerator.pick(Catalogue.CAPTIONS.get(lang), r), brand, c.name(lang),
        null);
    List<String> pool = Catalogue.HASHTAGS.get(lang);
    v.hashtags = new ArrayList<>();
    int nTags = 2 + r.nextInt(3);
    for (int i = 0; i < nTags; i++) {
      String t = SyntheticEventGenerator.pick(pool, r);
      if (!v.hashtags.contains(t)) {
        v.hashtags.add(t);
      }
    }
    v.hashtags.add(c.category.replace("-", ""));
    v.duration = 8 + r.nextInt(172) + r.nextInt(10) / 10.0;
    return v;
  }

  private static Map<String, Object> video(SyntheticEventGenerator g, Plan p, String videoId, String creator,
      String lang, boolean langField, VideoBody v) {
    Map<String, Object> ev = g.header(p, SyntheticEventGenerator.VIDEO, p.action);
    ev.put("video_id", videoId);
    ev.put("creator_id", creator);
    ev.put("country", p.market.name());
    SyntheticEventGenerator.putVideoBody(ev, lang, langField, v.caption, v.hashtags, List.of(), v.duration);
    return ev;
  }

  /** One account creating listings (new or established seller) or publishing videos too fast. */
  private static Map<String, Object> velocity(SyntheticEventGenerator g, Plan p, Episode e) {
    SplittableRandom er = episodeRnd(g, e);
    String lang = e.market.pickLanguage(er);
    boolean langField = er.nextDouble() < 0.85;
    SplittableRandom r = eventRnd(g, p);
    long no = accountNo(e, 0);
    if (e.variant == 2) {
      // a mass uploader captions with the bare product name: no template words piling up in the country's terms
      VideoBody v = videoBody(g, e.market, lang, r);
      Concept c = ordinaryConcept(g, r);
      v.caption = catalogueTitle(c.pickBrand(e.market, r), c, lang, "");
      // one tag of the language plus the category: two dozen uploads must not swamp a small market's hashtags
      v.hashtags = new ArrayList<>(List.of(v.hashtags.get(0), c.category.replace("-", "")));
      return video(g, p, SyntheticEventGenerator.videoId(e.market, p.index), creatorId(e.market, no), lang, langField,
          v);
    }
    String createdAt = e.variant == 0 ? createdAt(g, e, 0, 3, 6 * HOUR) : establishedCreatedAt(g, e, 0);
    Concept c = ordinaryConcept(g, r);
    String brand = c.pickBrand(e.market, r);
    String title = catalogueTitle(brand, c, lang, SyntheticEventGenerator.pick(Catalogue.TITLE_SUFFIXES.get(lang), r));
    return listing(g, p, sellerId(e.market, no), createdAt, lang, langField, c, brand, title, ordinaryUsd(c, r),
        uniqueImages(r), r);
  }

  /** Distinct established sellers listing the same product with one shared photo. */
  private static Map<String, Object> ring(SyntheticEventGenerator g, Plan p, Episode e) {
    SplittableRandom er = episodeRnd(g, e);
    String lang = e.market.pickLanguage(er);
    boolean langField = er.nextDouble() < 0.85;
    Concept c = ordinaryConcept(g, er);
    String brand = c.pickBrand(e.market, er);
    String shared = SyntheticEventGenerator.hex16(g.rnd(e.ordinal, SyntheticEventGenerator.SALT_ABUSE_IMAGE)
        .nextLong());
    SplittableRandom r = eventRnd(g, p);
    List<String> suffixes = Catalogue.TITLE_SUFFIXES.get(lang);
    String title = catalogueTitle(brand, c, lang, suffixes.get(p.slot % suffixes.size()));
    List<String> images = new ArrayList<>();
    images.add(shared);
    if (r.nextBoolean()) {
      images.add(r.nextBoolean() ? 0 : 1, SyntheticEventGenerator.hex16(r.nextLong()));
    }
    return listing(g, p, sellerId(e.market, accountNo(e, p.slot)), establishedCreatedAt(g, e, p.slot), lang,
        langField, c, brand, title, ordinaryUsd(c, r), images, r);
  }

  /** A video published, then reported by many distinct users (and flooded by one). */
  private static Map<String, Object> storm(SyntheticEventGenerator g, Plan p, Episode e) {
    SplittableRandom er = episodeRnd(g, e);
    String lang = e.market.pickLanguage(er);
    boolean langField = er.nextDouble() < 0.85;
    VideoBody v = videoBody(g, e.market, lang, er);
    // reporters of slots 1..size-1: each distinct reporter once, the flood reporter again, in a seeded order
    int reports = e.size() - 1;
    int distinct = Math.min(STORM_REPORTERS, reports);
    int flooder = er.nextInt(distinct);
    int[] order = new int[reports];
    for (int i = 0; i < reports; i++) {
      order[i] = i < distinct ? i : flooder;
    }
    for (int i = reports - 1; i > 0; i--) {
      int j = er.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Map<String, Object> ev = video(g, p, SyntheticEventGenerator.videoId(e.market, e.index(0)),
        creatorId(e.market, accountNo(e, 0)), lang, langField, v);
    if (p.slot > 0) {
      SplittableRandom r = eventRnd(g, p);
      ev.put("reporter_id", reporterId(e, order[p.slot - 1]));
      if (r.nextDouble() < 0.8) {
        ev.put("report_reason", SyntheticEventGenerator.pick(SyntheticEventGenerator.REPORT_REASONS, r));
      }
    }
    return ev;
  }

  /** A seller 2-5 days old listing high-value items. */
  private static Map<String, Object> newAccount(SyntheticEventGenerator g, Plan p, Episode e) {
    SplittableRandom er = episodeRnd(g, e);
    String lang = e.market.pickLanguage(er);
    boolean langField = er.nextDouble() < 0.85;
    SplittableRandom r = eventRnd(g, p);
    Concept c = SyntheticEventGenerator.pick(Catalogue.HIGH_VALUE, r);
    String brand = SyntheticEventGenerator.pick(c.brands, r);
    double usd = 2_000 + 4_000 * r.nextDouble();
    return listing(g, p, sellerId(e.market, accountNo(e, 0)), createdAt(g, e, 0, 2, 3 * DAY), lang, langField, c,
        brand, catalogueTitle(brand, c, lang, ""), usd, uniqueImages(r), r);
  }

  /** An established seller listing a smartphone at 2-4 % of its reference price. */
  private static Map<String, Object> priceAnomaly(SyntheticEventGenerator g, Plan p, Episode e) {
    SplittableRandom er = episodeRnd(g, e);
    String lang = e.market.pickLanguage(er);
    boolean langField = er.nextDouble() < 0.85;
    SplittableRandom r = eventRnd(g, p);
    Concept c = priceConcept(g);
    String brand = c.pickBrand(e.market, r);
    String title = catalogueTitle(brand, c, lang, SyntheticEventGenerator.pick(Catalogue.TITLE_SUFFIXES.get(lang), r));
    double usd = c.usd * (0.02 + 0.02 * r.nextDouble());
    return listing(g, p, sellerId(e.market, accountNo(e, 0)), establishedCreatedAt(g, e, 0), lang, langField, c, brand,
        title, usd, uniqueImages(r), r);
  }

  /** Many accounts of one market suddenly mentioning the same invented term. */
  private static Map<String, Object> emerging(SyntheticEventGenerator g, Plan p, Episode e) {
    String term = emergingTerm(e.ordinal);
    SplittableRandom r = eventRnd(g, p);
    String lang = e.market.pickLanguage(r);
    boolean langField = r.nextDouble() < 0.85;
    long no = accountNo(e, p.slot);
    if (SyntheticEventGenerator.VIDEO.equals(p.type)) {
      VideoBody v = videoBody(g, e.market, lang, r);
      v.caption = v.caption + " #" + term;
      v.hashtags.add(0, term);
      return video(g, p, SyntheticEventGenerator.videoId(e.market, p.index), creatorId(e.market, no), lang, langField,
          v);
    }
    Concept c = ordinaryConcept(g, r);
    String brand = c.pickBrand(e.market, r);
    return listing(g, p, sellerId(e.market, no), establishedCreatedAt(g, e, p.slot), lang, langField, c, brand,
        catalogueTitle(brand, c, lang, "") + " " + term, ordinaryUsd(c, r), uniqueImages(r), r);
  }

  /** Per-code counts of a list of codes, in {@link #CODES} order (for manifests). */
  static Map<String, Long> zeroCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String c : CODES) {
      m.put(c, 0L);
    }
    return m;
  }
}
