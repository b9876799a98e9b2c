package com.shopwatch.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.shopwatch.generate.Catalogue.Concept;
import com.shopwatch.generate.GeneratedEvent.Kind;
import com.shopwatch.generate.ViolationVocabulary.Lexicon;
import com.shopwatch.generate.ViolationVocabulary.LuxuryBrand;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic, random-access generator of synthetic Shopwatch traffic (listing and video events for ten APAC
 * markets), including malformed payloads and policy violations with known ground truth.
 *
 * <p>{@link #generate(long)} is a pure function of the settings and the index: every random decision is drawn from a
 * {@link SplittableRandom} seeded by a hash of (seed, index, purpose), so indices may be requested in any order and
 * from any number of parallel instances (e.g. Flink's {@code DataGeneratorSource}) and always yield the same bytes.
 *
 * <p>Kinds are allocated in blocks of {@value #BLOCK} indices: each block holds (up to rounding carried over between
 * blocks) exactly {@code malformedFraction * BLOCK} malformed and {@code violationFraction * BLOCK} violation events at
 * seeded random positions. Malformed events are numbered globally and take the dead-letter reasons round-robin
 * ({@link #MALFORMED_REASONS}); violations likewise take the codes of {@link ViolationVocabulary#CODES} round-robin.
 *
 * <p>References stay consistent without state: updates/deletes of listings and videos, and video links to listings,
 * point to earlier indices found by re-deriving the (cheap) plan of recent indices.
 *
 * <p>Abuse episodes ({@link GeneratorSettings#abuseRate()} per 1000 events) are placed the same way, at most one per
 * block: block {@code b} hosts episode number {@code floor(b * 100 * rate / 1000)} iff that count grows at {@code
 * b + 1}. The episode takes some of the block's VALID positions (its malformed and violation positions stay where they
 * are) and trips one detector ({@link #ABUSE_CODES}, round-robin, see {@link AbuseEpisodes}). Clean events never
 * reference abuse events and abuse accounts never collide with clean ones.
 */
public final class SyntheticEventGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** All dead-letter reason codes of malformed events, in round-robin order. */
  public static final List<String> MALFORMED_REASONS = List.of(
      "not_json", "not_object", "truncated_json", "missing_field", "wrong_type", "unknown_type", "unknown_action",
      "invalid_country", "invalid_currency", "invalid_price", "invalid_time", "future_event_time",
      "payload_too_large", "invalid_utf8", "too_deeply_nested", "empty_payload");

  /** All violation codes, in round-robin order. */
  public static final List<String> VIOLATION_CODES = ViolationVocabulary.CODES;

  /**
   * The codes of the abuse detectors the generator's episodes trip, in round-robin order: {@code seller_velocity},
   * {@code duplicate_content}, {@code report_storm}, {@code new_account_high_value}, {@code price_anomaly}, {@code
   * emerging_terms}.
   */
  public static final List<String> ABUSE_CODES = AbuseEpisodes.CODES;

  /** Nesting depth of the {@code too_deeply_nested} payload's extra field. */
  public static final int DEEP_NESTING = 200;

  static final int BLOCK = 100;
  private static final int LISTING_LOOKBACK = 400;
  private static final int VIDEO_LOOKBACK = 600;
  private static final int SELLER_POOL = 2_000;
  private static final int NEW_SELLER_FROM = 1_800;
  private static final int CREATOR_POOL = 800;
  private static final int REPORTER_POOL = 1_000_000;
  private static final long DAY = 86_400_000L;
  private static final long YEAR_2099 = Instant.parse("2099-01-01T00:00:00Z").toEpochMilli();

  private static final long SALT_BLOCK = 1;
  private static final long SALT_PLAN = 2;
  private static final long SALT_LISTING = 3;
  private static final long SALT_VIDEO = 4;
  private static final long SALT_EVENT = 5;
  private static final long SALT_VIOLATION = 6;
  private static final long SALT_MALFORMED = 7;
  private static final long SALT_ID = 8;
  static final long SALT_ABUSE_PLACE = 9;
  static final long SALT_ABUSE_EPISODE = 10;
  static final long SALT_ABUSE_ACCOUNT = 11;
  static final long SALT_ABUSE_EVENT = 12;
  static final long SALT_ABUSE_IMAGE = 13;
  private static final long SALT_NEW_SELLER = 14;
  private static final long SALT_UPDATE = 15;
  private static final long SALT_MARKETS = 16;
  private static final long SALT_CONCEPTS = 17;
  private static final long UPDATE_SPREAD_SECONDS = 3_600;

  static final String LISTING = "listing";
  static final String VIDEO = "video";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private final GeneratorSettings settings;

  public SyntheticEventGenerator(GeneratorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public GeneratorSettings settings() {
    return settings;
  }

  /** The id of the abuse episode with this ordinal: {@code E000007}. */
  public static String episodeId(long ordinal) {
    return zeroPadded("E", ordinal, 6);
  }

  /** The scheduled event time of an index before out-of-order jitter: {@code start + index * 1000 / rate}. */
  public long scheduledTimeMillis(long index) {
    return settings.startTimeMillis() + (long) Math.floor(index * 1000.0 / settings.eventsPerSecond());
  }

  /** Generates the event with the given index (>= 0). Pure function of (settings, index); thread-safe. */
  public GeneratedEvent generate(long index) {
    return generateShifted(index, 0L);
  }

  /**
   * The event with the given index as if its schedule said {@code scheduledMillis}: the same
   * event, its out-of-order jitter included, at another time. A paced run stamps each event as it
   * is emitted so, and its event time follows the wall clock even when the source falls behind
   * or catches up with its rate. Pure function of (settings, index, scheduledMillis); thread-safe.
   */
  public GeneratedEvent generateAt(long index, long scheduledMillis) {
    return generateShifted(index, scheduledMillis - scheduledTimeMillis(index));
  }

  private GeneratedEvent generateShifted(long index, long shiftMillis) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    Ctx ctx = memo();
    // The memo's plans are shared with later calls: the shift goes on this call's own copy (the
    // look-backs never read the requested index, nor any plan's time).
    Plan p = plan(index, ctx).copy();
    p.time += shiftMillis;
    switch (p.kind) {
      case MALFORMED:
        return malformed(p, ctx);
      case VIOLATION: {
        Map<String, Object> ev = LISTING.equals(p.type) ? violationListing(p) : violationVideo(p, ctx);
        return new GeneratedEvent(toJsonBytes(ev), Kind.VIOLATION, null, violationCode(p), p.market.name(), p.type,
            p.time);
      }
      case ABUSE: {
        Map<String, Object> ev = AbuseEpisodes.event(this, p);
        return new GeneratedEvent(toJsonBytes(ev), Kind.ABUSE, null, null, p.episode.code, episodeId(p.ordinal),
            p.market.name(), p.type, p.time);
      }
      default: {
        Map<String, Object> ev = LISTING.equals(p.type) ? listingEvent(p, ctx) : videoEvent(p, ctx);
        return new GeneratedEvent(toJsonBytes(ev), Kind.VALID, null, null, p.market.name(), p.type, p.time);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Randomness and planning
  // ------------------------------------------------------------------------------------------------------------

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  SplittableRandom rnd(long index, long salt) {
    long s = mix64(settings.seed() * 0x9E3779B97F4A7C15L + salt);
    return new SplittableRandom(mix64(s ^ mix64(index * 0xD1B54A32D192ED03L + salt)));
  }

  /**
   * Plans and block layouts already made, kept by each thread between calls: each event looks
   * back over the plans of the few hundred before it, and consecutive events over nearly the same
   * ones (made afresh per call, the look-backs were a quarter of a paced source's CPU). Both are
   * pure functions of (settings, index), never changed once made, so keeping them changes no
   * output; a thread keeps them for the generator it last served.
   */
  private static final class Ctx {
    final SyntheticEventGenerator owner;
    final Map<Long, Layout> layouts = new HashMap<>();
    final Map<Long, Plan> plans = new HashMap<>();

    Ctx(SyntheticEventGenerator owner) {
      this.owner = owner;
    }
  }

  private static final ThreadLocal<Ctx> MEMO = new ThreadLocal<>();

  private Ctx memo() {
    Ctx ctx = MEMO.get();
    if (ctx == null || ctx.owner != this) {
      ctx = new Ctx(this);
      MEMO.set(ctx);
    }
    return ctx;
  }

  /** Kind and per-kind ordinal of every position of one block (for ABUSE: the episode ordinal and slot). */
  private static final class Layout {
    final Kind[] kind = new Kind[BLOCK];
    final long[] ordinal = new long[BLOCK];
    final int[] slot = new int[BLOCK];
    AbuseEpisodes.Episode episode;
    /** Catalogue v2 only: the market of every position and its rank among the block's positions of that market. */
    Market[] market;
    int[] marketRank;
  }

  /** Catalogue v2: one slot per traffic-weight unit, so that every block carries exactly the markets' shares. */
  private static final Market[] MARKET_SLOTS;

  static {
    List<Market> slots = new ArrayList<>();
    for (Market m : Market.values()) {
      for (int i = 0; i < m.trafficWeight; i++) {
        slots.add(m);
      }
    }
    if (slots.size() != BLOCK) {
      throw new IllegalStateException("market traffic weights must add up to " + BLOCK + ": " + slots.size());
    }
    MARKET_SLOTS = slots.toArray(new Market[0]);
  }

  /** The cheap decisions about one index, re-derivable for look-backs. */
  static final class Plan implements Cloneable {
    long index;
    Kind kind;
    long ordinal;
    Market market;
    String type;
    String action;
    long time;
    boolean millisTime;
    /** ABUSE only: the episode and this event's slot in it (0 = the episode's first event). */
    AbuseEpisodes.Episode episode;
    int slot;

    /** A shallow copy: every field is a value or an object never changed once made. */
    Plan copy() {
      try {
        return (Plan) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static long floorCount(long block, double fraction) {
    return (long) Math.floor(block * (double) BLOCK * fraction + 1e-9);
  }

  private Layout layout(long block, Ctx ctx) {
    Layout cached = ctx.layouts.get(block);
    if (cached != null) {
      return cached;
    }
    Layout l = new Layout();
    int[] perm = new int[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      perm[i] = i;
    }
    SplittableRandom r = rnd(block, SALT_BLOCK);
    for (int i = BLOCK - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    long baseM = floorCount(block, settings.malformedFraction());
    int km = (int) (floorCount(block + 1, settings.malformedFraction()) - baseM);
    long baseV = floorCount(block, settings.violationFraction());
    int kv = (int) Math.min(floorCount(block + 1, settings.violationFraction()) - baseV, BLOCK - km);
    for (int p = 0; p < BLOCK; p++) {
      int pos = perm[p];
      if (p < km) {
        l.kind[pos] = Kind.MALFORMED;
        l.ordinal[pos] = baseM + p;
      } else if (p < km + kv) {
        l.kind[pos] = Kind.VIOLATION;
        l.ordinal[pos] = baseV + (p - km);
      } else {
        l.kind[pos] = Kind.VALID;
        l.ordinal[pos] = -1;
      }
    }
    if (!catalogueV1()) {
      stratifyMarkets(block, l);
    }
    if (settings.abuseRate() > 0) {
      placeEpisode(block, l);
    }
    if (ctx.layouts.size() > 32) {
      ctx.layouts.clear();
    }
    ctx.layouts.put(block, l);
    return l;
  }

  /**
   * Catalogue v2: a seeded permutation of {@link #MARKET_SLOTS} gives the block's markets, so each market gets exactly
   * its share of every block (instead of an independent draw per index). Together with {@link #stratifiedConcept}
   * this keeps the per-window count of every catalogue term close to its mean: clean traffic does not produce
   * random term spikes that the emerging-term detector would report.
   */
  private void stratifyMarkets(long block, Layout l) {
    Market[] m = MARKET_SLOTS.clone();
    SplittableRandom r = rnd(block, SALT_MARKETS);
    for (int i = BLOCK - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Market t = m[i];
      m[i] = m[j];
      m[j] = t;
    }
    int[] seen = new int[Market.values().length];
    l.market = m;
    l.marketRank = new int[BLOCK];
    for (int pos = 0; pos < BLOCK; pos++) {
      l.marketRank[pos] = seen[m[pos].ordinal()]++;
    }
  }

  /**
   * Catalogue v2: the product of the listing or video at {@code origin}. Each market walks through the whole catalogue
   * in a seeded order, once per {@code catalogue size} of its events, so every product (and its words) comes up at a
   * nearly constant rate in every market.
   */
  private Concept stratifiedConcept(long origin, Ctx ctx) {
    Layout l = layout(origin / BLOCK, ctx);
    int pos = (int) (origin % BLOCK);
    Market m = l.market[pos];
    long ordinal = origin / BLOCK * m.trafficWeight + l.marketRank[pos];
    List<Concept> all = concepts();
    long cycle = ordinal / all.size();
    int[] perm = new int[all.size()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    SplittableRandom r = rnd(cycle * Market.values().length + m.ordinal(), SALT_CONCEPTS);
    for (int i = perm.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return all.get(perm[(int) (ordinal % all.size())]);
  }

  /** Puts the block's abuse episode, if it hosts one, on some of its VALID positions. */
  private void placeEpisode(long block, Layout l) {
    double perEvent = settings.abuseRate() / 1000.0;
    long ordinal = floorCount(block, perEvent);
    if (floorCount(block + 1, perEvent) <= ordinal) {
      return;
    }
    int n = 0;
    int[] valid = new int[BLOCK];
    for (int pos = 0; pos < BLOCK; pos++) {
      if (l.kind[pos] == Kind.VALID) {
        valid[n++] = pos;
      }
    }
    AbuseEpisodes.Episode e = AbuseEpisodes.place(this, ordinal, block, Arrays.copyOf(valid, n));
    if (e == null) {
      return; // too few valid positions for an episode that trips its detector: none at all
    }
    for (int k = 0; k < e.positions.length; k++) {
      int pos = e.positions[k];
      l.kind[pos] = Kind.ABUSE;
      l.ordinal[pos] = ordinal;
      l.slot[pos] = k;
    }
    l.episode = e;
  }

  private Plan plan(long index, Ctx ctx) {
    Plan cached = ctx.plans.get(index);
    if (cached != null) {
      return cached;
    }
    Plan p = new Plan();
    p.index = index;
    Layout l = layout(index / BLOCK, ctx);
    int pos = (int) (index % BLOCK);
    p.kind = l.kind[pos];
    p.ordinal = l.ordinal[pos];

    SplittableRandom r = rnd(index, SALT_PLAN);
    p.market = Market.pick(r);
    if (l.market != null) {
      p.market = l.market[pos]; // catalogue v2: stratified markets (the draw above is kept for the others' sake)
    }
    double typeDraw = r.nextDouble();
    double actionDraw = r.nextDouble();
    boolean late = r.nextDouble() < 0.3;
    long jitter = r.nextLong(settings.maxOutOfOrderMillis() + 1);
    p.millisTime = r.nextDouble() < 0.15;
    p.time = scheduledTimeMillis(index) - (late ? jitter : 0L);

    double rf = settings.reportFraction();
    switch (p.kind) {
      case ABUSE:
        p.episode = l.episode;
        p.slot = l.slot[pos];
        p.market = p.episode.market;
        p.type = p.episode.type(p.slot);
        p.action = p.episode.action(p.slot);
        break;
      case MALFORMED: {
        String reason = malformedReason(p);
        boolean listingOnly = reason.equals("invalid_currency") || reason.equals("invalid_price")
            || reason.equals("payload_too_large");
        p.type = !listingOnly && typeDraw < settings.videoFraction() ? VIDEO : LISTING;
        p.action = VIDEO.equals(p.type) ? "published" : "created";
        break;
      }
      case VIOLATION:
        p.type = typeDraw < settings.videoFraction() ? VIDEO : LISTING;
        if (LISTING.equals(p.type)) {
          p.action = actionDraw < 0.85 ? "created" : "updated";
        } else {
          p.action = actionDraw < rf ? "reported" : "published";
        }
        break;
      default:
        p.type = typeDraw < settings.videoFraction() ? VIDEO : LISTING;
        if (LISTING.equals(p.type)) {
          p.action = actionDraw < 0.70 ? "created" : actionDraw < 0.92 ? "updated" : "deleted";
        } else if (actionDraw < rf) {
          p.action = "reported";
        } else {
          double a = (actionDraw - rf) / (1.0 - rf);
          p.action = a < 0.75 ? "published" : a < 0.93 ? "updated" : "deleted";
        }
    }
    if (ctx.plans.size() > 8_192) {
      ctx.plans.clear();
    }
    ctx.plans.put(index, p);
    return p;
  }

  private static String malformedReason(Plan p) {
    return MALFORMED_REASONS.get((int) (p.ordinal % MALFORMED_REASONS.size()));
  }

  private static String violationCode(Plan p) {
    return VIOLATION_CODES.get((int) (p.ordinal % VIOLATION_CODES.size()));
  }

  /** Up to {@code want} indices of recent VALID created listings in the market, most recent first. */
  private List<Long> recentCreatedListings(long before, Market m, int want, Ctx ctx) {
    List<Long> out = new ArrayList<>();
    for (long j = before - 1; j >= 0 && j >= before - LISTING_LOOKBACK && out.size() < want; j--) {
      Plan q = plan(j, ctx);
      if (q.kind == Kind.VALID && q.market == m && LISTING.equals(q.type) && "created".equals(q.action)) {
        out.add(j);
      }
    }
    return out;
  }

  /** Index of a recent VALID published video in the market, or -1. */
  private long recentPublishedVideo(long before, Market m, SplittableRandom r, Ctx ctx) {
    List<Long> found = new ArrayList<>();
    for (long j = before - 1; j >= 0 && j >= before - VIDEO_LOOKBACK && found.size() < 5; j--) {
      Plan q = plan(j, ctx);
      if (q.kind == Kind.VALID && q.market == m && VIDEO.equals(q.type) && "published".equals(q.action)) {
        found.add(j);
      }
    }
    return found.isEmpty() ? -1 : found.get(r.nextInt(found.size()));
  }

  /** Index of a recent violation listing with the same code in the market, or -1. */
  private long recentViolationListing(long before, Market m, String code, Ctx ctx) {
    for (long j = before - 1; j >= 0 && j >= before - LISTING_LOOKBACK; j--) {
      Plan q = plan(j, ctx);
      if (q.kind == Kind.VIOLATION && q.market == m && LISTING.equals(q.type) && code.equals(violationCode(q))) {
        return j;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Ids and small helpers
  // ------------------------------------------------------------------------------------------------------------

  /** A version-4-style UUID derived from (seed, index); both halves are bijective mixes of the index. */
  private String eventId(long index) {
    long s = mix64(settings.seed() + SALT_ID);
    long hi = mix64(index * 0x9E3779B97F4A7C15L + s);
    long lo = mix64(index ^ mix64(s));
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(hi, lo).toString();
  }

  static String listingId(Market m, long origin) {
    return zeroPadded("L-" + m.name() + "-", origin, 10);
  }

  static String videoId(Market m, long origin) {
    return zeroPadded("V-" + m.name() + "-", origin, 10);
  }

  static String sellerId(Market m, int no) {
    return zeroPadded("S-" + m.name() + "-", no, 5);
  }

  static String creatorId(Market m, int no) {
    return zeroPadded("C-" + m.name() + "-", no, 5);
  }

  /**
   * Account creation time of a seller, derived only from the seller id and the start day: ids {@code >= 01800} of
   * each market's pool are fresh accounts (1-20 days old at the start), the others 30-3000 days old.
   */
  String sellerCreatedAt(String sellerId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < sellerId.length(); i++) {
      h = (h ^ sellerId.charAt(i)) * 0x100000001b3L;
    }
    h = mix64(h);
    int no = Integer.parseInt(sellerId.substring(sellerId.lastIndexOf('-') + 1));
    long startDay = Math.floorDiv(settings.startTimeMillis(), DAY) * DAY;
    long days = no >= NEW_SELLER_FROM ? 1 + Math.floorMod(h, 20L) : 30 + Math.floorMod(h, 2_971L);
    long secOfDay = Math.floorMod(h >>> 17, 86_400L);
    return Instant.ofEpochMilli(startDay - days * DAY + secOfDay * 1000).toString();
  }

  static String hex16(long v) {
    String hex = Long.toHexString(v);
    return "0".repeat(16 - hex.length()) + hex;
  }

  /**
   * {@code prefix} then {@code value} in decimal, zero-padded to {@code width} digits: what
   * {@code String.format("%0Nd")} gave, without parsing a format per id (ids are made for every
   * event of a paced run) and with ASCII digits whatever the default locale. {@code value} is never negative.
   */
  static String zeroPadded(String prefix, long value, int width) {
    String digits = Long.toString(value);
    StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits).toString();
  }

  static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  private static Object timeValue(long millis, boolean asMillis) {
    return asMillis ? (Object) millis : ISO_MILLIS.format(Instant.ofEpochMilli(millis));
  }

  static Map<String, Object> price(BigDecimal amount, String currency) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("amount", amount);
    p.put("currency", currency);
    return p;
  }

  Map<String, Object> header(Plan p, String type, String action) {
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("event_id", eventId(p.index));
    ev.put("type", type);
    ev.put("action", action);
    ev.put("event_time", timeValue(p.time, p.millisTime));
    return ev;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Valid listings
  // ------------------------------------------------------------------------------------------------------------

  /** Everything about a listing that is fixed at its creation (index {@code origin}). */
  private static final class ListingCore {
    Market market;
    String lang;
    boolean langField;
    Concept concept;
    String brand;
    boolean brandField;
    String sellerId;
    double usd;
    BigDecimal price;
    String title;
    String description;
    List<String> images;
    String listingId;
  }

  /** The clean catalogue of the settings' {@link GeneratorSettings#catalogueVersion()}. */
  List<Concept> concepts() {
    return Catalogue.concepts(settings.catalogueVersion());
  }

  private boolean catalogueV1() {
    return settings.catalogueVersion() == GeneratorSettings.CATALOGUE_V1;
  }

  /**
   * Catalogue v2 seller choice: luxury resale always comes from established sellers, and fresh sellers get a quarter
   * of their v1 share (2.5 % of listings), so that they stay under the velocity limit of new accounts even at a few
   * hundred events per second. Maps a fresh seller number onto an established one where needed.
   */
  private int cleanSellerNo(int drawn, long origin, boolean luxury) {
    if (catalogueV1() || drawn < NEW_SELLER_FROM) {
      return drawn;
    }
    SplittableRandom r = rnd(origin, SALT_NEW_SELLER);
    boolean keepFresh = r.nextInt(4) == 0;
    return !luxury && keepFresh ? drawn : r.nextInt(NEW_SELLER_FROM);
  }

  private ListingCore listingCore(long origin, Market m, Ctx ctx) {
    SplittableRandom r = rnd(origin, SALT_LISTING);
    ListingCore c = new ListingCore();
    c.market = m;
    c.lang = m.pickLanguage(r);
    c.langField = r.nextDouble() < 0.85;
    c.concept = pick(concepts(), r);
    if (!catalogueV1()) {
      c.concept = stratifiedConcept(origin, ctx);
    }
    c.brand = c.concept.pickBrand(m, r);
    c.brandField = r.nextDouble() < 0.9;
    c.sellerId = sellerId(m, cleanSellerNo(r.nextInt(SELLER_POOL), origin, c.concept.luxury()));
    LuxuryBrand lux = c.concept.usd == 0 ? ViolationVocabulary.luxuryBrand(c.brand) : null;
    c.usd = lux != null ? lux.usd * (0.70 + 0.45 * r.nextDouble()) : c.concept.usd * (0.75 + 0.6 * r.nextDouble());
    c.price = m.localPrice(c.usd, r);
    String suffix = pick(Catalogue.TITLE_SUFFIXES.get(c.lang), r);
    c.title = (c.brand + " " + c.concept.name(c.lang) + (suffix.isEmpty() ? "" : " " + suffix)).trim();
    String city = m.pickCity(c.lang, r);
    c.description = Catalogue.fill(pick(Catalogue.DESCRIPTIONS.get(c.lang), r), c.brand, c.concept.name(c.lang), city);
    int n = 1 + r.nextInt(4);
    c.images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      c.images.add(hex16(r.nextLong()));
    }
    c.listingId = listingId(m, origin);
    return c;
  }

  /**
   * Where catalogue v2 looks for the target of an update: a random point up to {@value #UPDATE_SPREAD_SECONDS} s of
   * traffic back, so that an update's terms do not pile up in the creation's trend window.
   */
  private long updateHorizon(Plan p) {
    if (catalogueV1() || !"updated".equals(p.action)) {
      return p.index;
    }
    long spread = Math.max(1L, Math.min(p.index, (long) (UPDATE_SPREAD_SECONDS * settings.eventsPerSecond())));
    return p.index - rnd(p.index, SALT_UPDATE).nextLong(spread);
  }

  private Map<String, Object> listingEvent(Plan p, Ctx ctx) {
    SplittableRandom r = rnd(p.index, SALT_EVENT);
    long origin = p.index;
    if (!"created".equals(p.action)) {
      List<Long> cands = recentCreatedListings(updateHorizon(p), p.market, 8, ctx);
      if (cands.isEmpty()) {
        cands = recentCreatedListings(p.index, p.market, 8, ctx);
      }
      if (!cands.isEmpty()) {
        origin = pick(cands, r);
      }
    }
    ListingCore c = listingCore(origin, p.market, ctx);
    Map<String, Object> ev = header(p, LISTING, p.action);
    ev.put("listing_id", c.listingId);
    ev.put("seller_id", c.sellerId);
    ev.put("country", p.market.name());
    if ("deleted".equals(p.action)) {
      return ev;
    }
    if (c.langField) {
      ev.put("language", c.lang);
    }
    ev.put("category", c.concept.category);
    ev.put("title", c.title);
    ev.put("description", c.description);
    if (c.brandField) {
      ev.put("brand", c.brand);
    }
    BigDecimal amount = c.price;
    if ("updated".equals(p.action)) {
      // price change (discount or small increase)
      amount = p.market.localPrice(c.usd * (0.75 + 0.35 * r.nextDouble()), r);
    }
    ev.put("price", price(amount, p.market.currency));
    ev.put("image_hashes", c.images);
    ev.put("seller_created_at", sellerCreatedAt(c.sellerId));
    return ev;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Valid videos
  // ------------------------------------------------------------------------------------------------------------

  /** Everything about a video that is fixed at publication (index {@code origin}). */
  private static final class VideoCore {
    String lang;
    boolean langField;
    String creatorId;
    String caption;
    List<String> hashtags;
    List<String> linked;
    double duration;
    String videoId;
  }

  private VideoCore videoCore(long origin, Market m, Ctx ctx) {
    SplittableRandom r = rnd(origin, SALT_VIDEO);
    VideoCore v = new VideoCore();
    v.lang = m.pickLanguage(r);
    v.langField = r.nextDouble() < 0.85;
    v.creatorId = creatorId(m, r.nextInt(CREATOR_POOL));
    int want = r.nextDouble() < 0.15 ? 0 : 1 + r.nextInt(3);
    List<Long> recent = want == 0 ? List.of() : recentCreatedListings(origin, m, 10, ctx);
    List<Long> chosen = new ArrayList<>();
    for (int i = 0; i < want && i < recent.size(); i++) {
      long cand = pick(recent, r);
      if (!chosen.contains(cand)) {
        chosen.add(cand);
      }
    }
    v.linked = new ArrayList<>();
    for (long j : chosen) {
      v.linked.add(listingId(m, j));
    }
    Concept concept;
    String brand;
    if (!chosen.isEmpty() && catalogueV1()) {
      ListingCore lc = listingCore(chosen.get(0), m, ctx);
      concept = lc.concept;
      brand = lc.brand;
    } else {
      concept = pick(concepts(), r);
      if (!catalogueV1()) {
        concept = stratifiedConcept(origin, ctx); // independent of the linked listings, see stratifiedConcept
      }
      brand = concept.pickBrand(m, r);
    }
    v.caption = Catalogue.fill(pick(Catalogue.CAPTIONS.get(v.lang), r), brand, concept.name(v.lang), null);
    List<String> pool = Catalogue.HASHTAGS.get(v.lang);
    v.hashtags = new ArrayList<>();
    int nTags = 2 + r.nextInt(3);
    for (int i = 0; i < nTags; i++) {
      String t = pick(pool, r);
      if (!v.hashtags.contains(t)) {
        v.hashtags.add(t);
      }
    }
    v.hashtags.add(concept.category.replace("-", ""));
    v.duration = 8 + r.nextInt(172) + r.nextInt(10) / 10.0;
    v.videoId = videoId(m, origin);
    return v;
  }

  static final List<String> REPORT_REASONS =
      List.of("counterfeit", "prohibited_item", "scam", "offensive", "spam", "misleading");

  private Map<String, Object> videoEvent(Plan p, Ctx ctx) {
    SplittableRandom r = rnd(p.index, SALT_EVENT);
    long origin = p.index;
    if (!"published".equals(p.action)) {
      long found = recentPublishedVideo(updateHorizon(p), p.market, r, ctx);
      if (found < 0) {
        found = recentPublishedVideo(p.index, p.market, r, ctx);
      }
      if (found >= 0) {
        origin = found;
      }
    }
    VideoCore v = videoCore(origin, p.market, ctx);
    Map<String, Object> ev = header(p, VIDEO, p.action);
    ev.put("video_id", v.videoId);
    ev.put("creator_id", v.creatorId);
    ev.put("country", p.market.name());
    if ("deleted".equals(p.action)) {
      return ev;
    }
    putVideoBody(ev, v.lang, v.langField, v.caption, v.hashtags, v.linked, v.duration);
    if ("updated".equals(p.action)) {
      List<String> tags = new ArrayList<>(v.hashtags);
      String extra = pick(Catalogue.HASHTAGS.get(v.lang), r);
      if (!tags.contains(extra)) {
        tags.add(extra);
      }
      ev.put("hashtags", tags);
    }
    if ("reported".equals(p.action)) {
      putReport(ev, p.market, r, pick(REPORT_REASONS, r));
    }
    return ev;
  }

  static void putVideoBody(Map<String, Object> ev, String lang, boolean langField, String caption,
      List<String> hashtags, List<String> linked, double duration) {
    if (langField) {
      ev.put("language", lang);
    }
    ev.put("caption", caption);
    ev.put("hashtags", hashtags);
    ev.put("linked_listing_ids", linked);
    ev.put("duration_s", duration);
  }

  private static void putReport(Map<String, Object> ev, Market m, SplittableRandom r, String reason) {
    ev.put("reporter_id", zeroPadded("U-" + m.name() + "-", r.nextInt(REPORTER_POOL), 7));
    if (r.nextDouble() < 0.8) {
      ev.put("report_reason", reason);
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Violations
  // ------------------------------------------------------------------------------------------------------------

  private static String pickTerm(Lexicon lx, SplittableRandom r) {
    return r.nextDouble() < 0.35 ? pick(lx.evasions, r) : pick(lx.terms, r);
  }

  private Map<String, Object> violationListing(Plan p) {
    SplittableRandom r = rnd(p.index, SALT_VIOLATION);
    String code = violationCode(p);
    Market m = p.market;
    String lang = m.pickLanguage(r);
    boolean langField = r.nextDouble() < 0.85;
    Lexicon lx = ViolationVocabulary.LEXICON.get(code).get(lang);
    String term = pickTerm(lx, r);
    String term2 = pickTerm(lx, r);
    // catalogue v2: fewer throwaway accounts, so that fresh sellers (shared with clean traffic) stay under the
    // new-account velocity limit at a few hundred events per second
    int sellerNo = r.nextDouble() < (catalogueV1() ? 0.6 : 0.3)
        ? NEW_SELLER_FROM + r.nextInt(SELLER_POOL - NEW_SELLER_FROM) : r.nextInt(SELLER_POOL);
    String seller = sellerId(m, sellerNo);

    String title;
    String category;
    String brand = null;
    double usd;
    List<String> images = new ArrayList<>();
    int nImages = 1 + r.nextInt(3);
    if (code.equals(ViolationVocabulary.COUNTERFEIT_LUXURY)) {
      List<LuxuryBrand> brands = ViolationVocabulary.counterfeitBrands();
      LuxuryBrand lux = pick(brands, r);
      String shown = r.nextDouble() < 0.35 ? pick(lux.evasions, r) : lux.name;
      boolean bag = lux.product.equals("bag");
      String product = (bag ? ViolationVocabulary.BAG_NAMES : ViolationVocabulary.WATCH_NAMES).get(lang);
      title = pick(ViolationVocabulary.COUNTERFEIT_TITLES.get(lang), r)
          .replace("{brand}", shown).replace("{product}", product).replace("{term}", term);
      category = bag ? "luxury-bags" : catalogueV1() ? "watches" : "luxury-watches";
      brand = lux.name;
      usd = lux.usd * (0.02 + 0.06 * r.nextDouble());
      // counterfeit sellers reuse a small pool of catalogue photos per brand
      for (int i = 0; i < nImages; i++) {
        images.add(hex16(mix64(lux.name.hashCode() * 31L + r.nextInt(6))));
      }
    } else {
      title = pick(ViolationVocabulary.TITLES.get(lang), r).replace("{term}", term);
      category = catalogueV1() ? ViolationVocabulary.CATEGORY.get(code)
          : ViolationVocabulary.CATEGORY_V2.get(code);
      usd = ViolationVocabulary.USD.get(code) * (0.6 + 0.8 * r.nextDouble());
      for (int i = 0; i < nImages; i++) {
        images.add(hex16(r.nextLong()));
      }
    }
    Map<String, Object> ev = header(p, LISTING, p.action);
    ev.put("listing_id", listingId(m, p.index));
    ev.put("seller_id", seller);
    ev.put("country", m.name());
    if (langField) {
      ev.put("language", lang);
    }
    ev.put("category", category);
    ev.put("title", title);
    ev.put("description", pick(ViolationVocabulary.DESCRIPTIONS.get(lang), r).replace("{term}", term2));
    if (brand != null) {
      ev.put("brand", brand);
    }
    ev.put("price", price(m.localPrice(usd, r), m.currency));
    ev.put("image_hashes", images);
    ev.put("seller_created_at", sellerCreatedAt(seller));
    return ev;
  }

  private Map<String, Object> violationVideo(Plan p, Ctx ctx) {
    SplittableRandom r = rnd(p.index, SALT_VIOLATION);
    String code = violationCode(p);
    Market m = p.market;
    String lang = m.pickLanguage(r);
    boolean langField = r.nextDouble() < 0.85;
    Lexicon lx = ViolationVocabulary.LEXICON.get(code).get(lang);
    String term = pickTerm(lx, r);
    List<String> tags = new ArrayList<>();
    String captionTerm = term;
    if (code.equals(ViolationVocabulary.COUNTERFEIT_LUXURY)) {
      LuxuryBrand lux = pick(ViolationVocabulary.counterfeitBrands(), r);
      String shown = r.nextDouble() < 0.35 ? pick(lux.evasions, r) : lux.name;
      captionTerm = shown + " " + term;
      tags.add(ViolationVocabulary.hashtagForm(lux.name));
    }
    tags.add(0, ViolationVocabulary.hashtagForm(term));
    List<String> pool = Catalogue.HASHTAGS.get(lang);
    for (int i = 0; i < 2; i++) {
      String t = pick(pool, r);
      if (!tags.contains(t)) {
        tags.add(t);
      }
    }
    String caption = pick(ViolationVocabulary.CAPTIONS.get(lang), r).replace("{term}", captionTerm);
    List<String> linked = new ArrayList<>();
    long vl = recentViolationListing(p.index, m, code, ctx);
    if (vl >= 0) {
      linked.add(listingId(m, vl));
    }
    Map<String, Object> ev = header(p, VIDEO, p.action);
    ev.put("video_id", videoId(m, p.index));
    ev.put("creator_id", creatorId(m, r.nextInt(CREATOR_POOL)));
    ev.put("country", m.name());
    putVideoBody(ev, lang, langField, caption, tags, linked, 6 + r.nextInt(60) + r.nextInt(10) / 10.0);
    if ("reported".equals(p.action)) {
      putReport(ev, m, r, code.equals(ViolationVocabulary.COUNTERFEIT_LUXURY) ? "counterfeit" : "prohibited_item");
    }
    return ev;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Malformed payloads
  // ------------------------------------------------------------------------------------------------------------

  private static final Map<Market, String> COUNTRY_NAMES = Map.of(
      Market.SG, "Singapore", Market.MY, "Malaysia", Market.ID, "Indonesia", Market.TH, "Thailand",
      Market.VN, "Viet Nam", Market.PH, "Philippines", Market.JP, "Japan", Market.KR, "Korea",
      Market.TW, "Taiwan", Market.AU, "Australia");

  private static final Map<Market, String> ALPHA3 = Map.of(
      Market.SG, "SGP", Market.MY, "MYS", Market.ID, "IDN", Market.TH, "THA", Market.VN, "VNM",
      Market.PH, "PHL", Market.JP, "JPN", Market.KR, "KOR", Market.TW, "TWN", Market.AU, "AUS");

  private static final byte[][] BAD_UTF8 = {
      {(byte) 0xC3, (byte) 0x28}, // invalid continuation byte
      {(byte) 0xFF}, // never valid in UTF-8
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded UTF-16 surrogate
      {(byte) 0xE0, (byte) 0xB8}, // truncated 3-byte sequence (cut Thai character)
      {(byte) 0xC0, (byte) 0xAF}, // overlong encoding of '/'
      {(byte) 0x80}, // stray continuation byte
  };

  @SuppressWarnings("unchecked")
  private GeneratedEvent malformed(Plan p, Ctx ctx) {
    String reason = malformedReason(p);
    SplittableRandom r = rnd(p.index, SALT_MALFORMED);
    boolean video = VIDEO.equals(p.type);
    Map<String, Object> ev = video ? videoEvent(p, ctx) : listingEvent(p, ctx);
    String country = p.market.name();
    String type = p.type;
    String idField = video ? "video_id" : "listing_id";
    byte[] payload;
    switch (reason) {
      case "not_json": {
        String s;
        switch (r.nextInt(6)) {
          case 0:
            s = "hello world";
            break;
          case 1:
            s = "{\"event_id\": \"" + ev.get("event_id") + "\", oops}";
            break;
          case 2: {
            String j = toJson(ev);
            int at = j.indexOf(",\"action\":");
            s = j.substring(0, at) + " " + j.substring(at + 1); // missing comma between members
            break;
          }
          case 3:
            s = "{'event_id': '" + ev.get("event_id") + "', 'type': '" + type + "', '" + idField + "': '"
                + ev.get(idField) + "', 'country': '" + country + "'}";
            break;
          case 4:
            s = "event_id=" + ev.get("event_id") + "&type=" + type + "&" + idField + "=" + ev.get(idField)
                + "&country=" + country;
            break;
          default:
            s = "<" + type + "><id>" + ev.get(idField) + "</id><country>" + country + "</country></" + type + ">";
        }
        payload = utf8(s);
        country = null;
        type = null;
        break;
      }
      case "not_object": {
        String s;
        switch (r.nextInt(5)) {
          case 0:
            s = "[" + toJson(ev) + "]";
            break;
          case 1:
            s = String.valueOf(r.nextInt(1_000_000));
            break;
          case 2:
            s = toJson(video ? ev.get("caption") : ev.get("title"));
            break;
          case 3:
            s = "[]";
            break;
          default:
            s = toJson(List.of(ev.get("event_id"), ev.get(idField), country));
        }
        payload = utf8(s);
        country = null;
        type = null;
        break;
      }
      case "truncated_json": {
        String s = toJson(ev);
        int cut = (int) (s.length() * (0.3 + 0.6 * r.nextDouble()));
        // never cut inside an escape or a surrogate pair, and only where a JSON parser reports end-of-input
        // (Jackson reports a cut right after '[' or ',' inside an array as a generic parse error instead)
        while (cut > 1 && (s.charAt(cut - 1) == '\\' || Character.isHighSurrogate(s.charAt(cut - 1))
            || !failsWithEof(s.substring(0, cut)))) {
          cut--;
        }
        payload = utf8(s.substring(0, cut));
        country = null;
        type = null;
        break;
      }
      case "missing_field": {
        List<String> candidates = video
            ? List.of("video_id", "creator_id", "event_id", "country", "event_time", "action")
            : List.of("listing_id", "title", "seller_id", "event_id", "country", "event_time", "action");
        String field = pick(candidates, r);
        ev.remove(field);
        if (field.equals("country")) {
          country = null;
        }
        payload = toJsonBytes(ev);
        break;
      }
      case "wrong_type": {
        int v = r.nextInt(5);
        if (video) {
          if (v == 0) {
            ev.put("hashtags", "notalist");
          } else if (v == 1) {
            ev.put("duration_s", ((int) (double) (Double) ev.get("duration_s")) + "s");
          } else if (v == 2) {
            ev.put("event_time", true);
          } else if (v == 3) {
            List<String> linked = (List<String>) ev.get("linked_listing_ids");
            ev.put("linked_listing_ids", linked.isEmpty() ? "none" : String.join(",", linked));
          } else {
            ev.put("video_id", p.index);
          }
        } else {
          Map<String, Object> price = (Map<String, Object>) ev.get("price");
          if (v == 0) {
            price.put("amount", ((BigDecimal) price.get("amount")).toPlainString());
          } else if (v == 1) {
            ev.put("event_time", true);
          } else if (v == 2) {
            ev.put("image_hashes", ((List<String>) ev.get("image_hashes")).get(0));
          } else if (v == 3) {
            ev.put("price", ((BigDecimal) price.get("amount")).toPlainString() + " " + price.get("currency"));
          } else {
            ev.put("listing_id", p.index);
          }
        }
        payload = toJsonBytes(ev);
        break;
      }
      case "unknown_type": {
        ev.put("type", pick(List.of("livestream", "auction", "story"), r));
        type = null;
        payload = toJsonBytes(ev);
        break;
      }
      case "unknown_action": {
        ev.put("action", pick(video ? List.of("exploded", "created", "liked") : List.of("exploded", "published",
            "sold"), r));
        payload = toJsonBytes(ev);
        break;
      }
      case "invalid_country": {
        ev.put("country", pick(List.of("XX", "ZZ", COUNTRY_NAMES.get(p.market), ALPHA3.get(p.market)), r));
        country = null;
        payload = toJsonBytes(ev);
        break;
      }
      case "invalid_currency": {
        ((Map<String, Object>) ev.get("price")).put("currency", pick(List.of("ZZZ", "dollars", "RM", "baht", "¥"),
            r));
        payload = toJsonBytes(ev);
        break;
      }
      case "invalid_price": {
        Map<String, Object> price = (Map<String, Object>) ev.get("price");
        BigDecimal amount = (BigDecimal) price.get("amount");
        int v = r.nextInt(3);
        if (v == 0) {
          price.put("amount", amount.negate());
          payload = toJsonBytes(ev);
        } else if (v == 1) {
          price.put("amount", "__AMOUNT__");
          payload = utf8(toJson(ev).replace("\"__AMOUNT__\"", "1e400")); // parses to +Infinity as a double
        } else {
          price.put("amount", new BigDecimal("-0.01"));
          payload = toJsonBytes(ev);
        }
        break;
      }
      case "invalid_time": {
        ev.put("event_time", pick(List.of("yesterday", "2026-13-45T99:00:00Z", "24/11/2026 10:15",
            "2026-02-30T10:00:00Z", "soon"), r));
        payload = toJsonBytes(ev);
        break;
      }
      case "future_event_time": {
        long fut = Math.max(YEAR_2099 + (long) (r.nextDouble() * 364 * DAY),
            p.time + settings.maxFutureSkewMillis() + DAY);
        ev.put("event_time", timeValue(fut, p.millisTime));
        payload = toJsonBytes(ev);
        break;
      }
      case "payload_too_large":
        payload = oversize(ev, r);
        break;
      case "invalid_utf8": {
        String s = toJson(ev);
        String key = video ? "\"caption\":\"" : "\"title\":\"";
        int at = s.indexOf(key) + key.length();
        byte[] before = utf8(s.substring(0, at));
        byte[] after = utf8(s.substring(at));
        byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream(before.length + bad.length + after.length);
        out.write(before, 0, before.length);
        out.write(bad, 0, bad.length);
        out.write(after, 0, after.length);
        payload = out.toByteArray();
        country = null;
        type = null;
        break;
      }
      case "too_deeply_nested": {
        String s = toJson(ev);
        StringBuilder nested = new StringBuilder();
        for (int d = 0; d < DEEP_NESTING; d++) {
          nested.append(d % 2 == 0 ? "[" : "{\"n\":");
        }
        nested.append("0");
        for (int d = DEEP_NESTING - 1; d >= 0; d--) {
          nested.append(d % 2 == 0 ? "]" : "}");
        }
        payload = utf8(s.substring(0, s.length() - 1) + ",\"attributes\":" + nested + "}");
        break;
      }
      case "empty_payload":
        payload = utf8(pick(List.of("", " ", "   ", "\t", " \t "), r));
        country = null;
        type = null;
        break;
      default:
        throw new IllegalStateException("unhandled malformed reason " + reason);
    }
    return new GeneratedEvent(payload, Kind.MALFORMED, reason, null, country, type, p.time);
  }

  /** A valid listing whose description is padded with realistic text to exactly {@code oversizeBytes}. */
  private byte[] oversize(Map<String, Object> ev, SplittableRandom r) {
    int target = settings.oversizeBytes();
    String base = (String) ev.get("description");
    String chunk = " " + base + " " + ev.get("title") + ".";
    int chunkBytes = utf8(chunk).length;
    int baseLen = toJsonBytes(ev).length;
    StringBuilder desc = new StringBuilder(base);
    int size = baseLen;
    while (size + chunkBytes <= target) {
      desc.append(chunk);
      size += chunkBytes;
    }
    while (size < target) {
      desc.append(r.nextBoolean() ? ' ' : '.');
      size++;
    }
    ev.put("description", desc.toString());
    return toJsonBytes(ev);
  }

  // ------------------------------------------------------------------------------------------------------------
  // JSON
  // ------------------------------------------------------------------------------------------------------------

  private static boolean failsWithEof(String json) {
    try {
      JSON.readTree(json);
      return false;
    } catch (JsonEOFException e) {
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Via a String so that emoji and other supplementary characters are written raw, never as escaped surrogates. */
  private static byte[] toJsonBytes(Object o) {
    return utf8(toJson(o));
  }
}
