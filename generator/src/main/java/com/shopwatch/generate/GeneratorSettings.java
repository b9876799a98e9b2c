package com.shopwatch.generate;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Immutable settings of the {@link SyntheticEventGenerator}. Build with {@link #builder()} or derive a copy with
 * {@link #toBuilder()} / the {@code with*} methods.
 *
 * <p>All fractions are of the total event count: {@code malformedFraction + violationFraction <= 1}. {@code
 * videoFraction} is the share of video events among the well-formed (valid and violation) events and {@code
 * reportFraction} the share of {@code reported} events among those video events.
 *
 * <p>Abuse injection: {@code abuseRate} abuse episodes per 1000 events (0 disables; at most {@value
 * #MAX_ABUSE_RATE}, one episode per block of 100 events), each a short burst of well-formed events that trips one of
 * the windowed abuse detectors ({@link SyntheticEventGenerator#ABUSE_CODES}). Episodes of the kinds that need
 * history ({@code price_anomaly}, {@code emerging_terms}) are only placed once {@code abuseWarmupMillis} of event time
 * have passed since the start.
 *
 * <p>{@code catalogueVersion} selects the clean catalogue: {@value #CATALOGUE_V1} reproduces the original generator
 * byte for byte (used by the bundled sample: luxury and quartz watches share the category {@code watches}, luxury
 * resale listings may come from fresh accounts, which the abuse detectors can flag), {@value #CATALOGUE_V2} (the
 * default) is shaped so that clean traffic stays below every abuse detector's default threshold.
 */
public final class GeneratorSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 2026-11-24T00:00:00Z, a fixed default so that default settings are reproducible. */
  public static final long DEFAULT_START_TIME_MILLIS = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();

  /** Highest {@code abuseRate}: one episode per block of {@value SyntheticEventGenerator#BLOCK} events. */
  public static final double MAX_ABUSE_RATE = 1000.0 / SyntheticEventGenerator.BLOCK;

  /** Default {@code abuseWarmupMillis}: 20 minutes. */
  public static final long DEFAULT_ABUSE_WARMUP_MILLIS = 20 * 60_000L;

  /** The original catalogue (byte-identical output of the generator before abuse injection). */
  public static final int CATALOGUE_V1 = 1;

  /** The catalogue whose clean traffic stays below the abuse detectors' default thresholds. */
  public static final int CATALOGUE_V2 = 2;

  private final long seed;
  private final long startTimeMillis;
  private final double eventsPerSecond;
  private final long maxOutOfOrderMillis;
  private final double videoFraction;
  private final double reportFraction;
  private final double malformedFraction;
  private final double violationFraction;
  private final int oversizeBytes;
  private final long maxFutureSkewMillis;
  private final double abuseRate;
  private final long abuseWarmupMillis;
  private final int catalogueVersion;

  private GeneratorSettings(Builder b) {
    this.seed = b.seed;
    this.startTimeMillis = b.startTimeMillis;
    this.eventsPerSecond = b.eventsPerSecond;
    this.maxOutOfOrderMillis = b.maxOutOfOrderMillis;
    this.videoFraction = b.videoFraction;
    this.reportFraction = b.reportFraction;
    this.malformedFraction = b.malformedFraction;
    this.violationFraction = b.violationFraction;
    this.oversizeBytes = b.oversizeBytes;
    this.maxFutureSkewMillis = b.maxFutureSkewMillis;
    this.abuseRate = b.abuseRate;
    this.abuseWarmupMillis = b.abuseWarmupMillis;
    this.catalogueVersion = b.catalogueVersion;
    if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException("eventsPerSecond must be > 0: " + eventsPerSecond);
    }
    if (maxOutOfOrderMillis < 0) {
      throw new IllegalArgumentException("maxOutOfOrderMillis must be >= 0: " + maxOutOfOrderMillis);
    }
    checkFraction("videoFraction", videoFraction);
    checkFraction("reportFraction", reportFraction);
    checkFraction("malformedFraction", malformedFraction);
    checkFraction("violationFraction", violationFraction);
    if (malformedFraction + violationFraction > 1.0 + 1e-12) {
      throw new IllegalArgumentException("malformedFraction + violationFraction must be <= 1");
    }
    if (oversizeBytes < 4096) {
      throw new IllegalArgumentException("oversizeBytes must be >= 4096: " + oversizeBytes);
    }
    if (maxFutureSkewMillis < 0) {
      throw new IllegalArgumentException("maxFutureSkewMillis must be >= 0: " + maxFutureSkewMillis);
    }
    if (!(abuseRate >= 0.0 && abuseRate <= MAX_ABUSE_RATE)) {
      throw new IllegalArgumentException("abuseRate must be in [0, " + MAX_ABUSE_RATE
          + "] episodes per 1000 events (one per block of " + SyntheticEventGenerator.BLOCK + "): " + abuseRate);
    }
    if (abuseWarmupMillis < 0) {
      throw new IllegalArgumentException("abuseWarmupMillis must be >= 0: " + abuseWarmupMillis);
    }
    if (catalogueVersion != CATALOGUE_V1 && catalogueVersion != CATALOGUE_V2) {
      throw new IllegalArgumentException("catalogueVersion must be " + CATALOGUE_V1 + " or " + CATALOGUE_V2 + ": "
          + catalogueVersion);
    }
  }

  private static void checkFraction(String name, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static GeneratorSettings defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .startTimeMillis(startTimeMillis)
        .eventsPerSecond(eventsPerSecond)
        .maxOutOfOrderMillis(maxOutOfOrderMillis)
        .videoFraction(videoFraction)
        .reportFraction(reportFraction)
        .malformedFraction(malformedFraction)
        .violationFraction(violationFraction)
        .oversizeBytes(oversizeBytes)
        .maxFutureSkewMillis(maxFutureSkewMillis)
        .abuseRate(abuseRate)
        .abuseWarmupMillis(abuseWarmupMillis)
        .catalogueVersion(catalogueVersion);
  }

  public long seed() {
    return seed;
  }

  public long startTimeMillis() {
    return startTimeMillis;
  }

  public double eventsPerSecond() {
    return eventsPerSecond;
  }

  public long maxOutOfOrderMillis() {
    return maxOutOfOrderMillis;
  }

  public double videoFraction() {
    return videoFraction;
  }

  public double reportFraction() {
    return reportFraction;
  }

  public double malformedFraction() {
    return malformedFraction;
  }

  public double violationFraction() {
    return violationFraction;
  }

  public int oversizeBytes() {
    return oversizeBytes;
  }

  public long maxFutureSkewMillis() {
    return maxFutureSkewMillis;
  }

  /** Abuse episodes per 1000 events; 0 = no abuse injection. */
  public double abuseRate() {
    return abuseRate;
  }

  /** Event time after the start before {@code price_anomaly} and {@code emerging_terms} episodes are placed. */
  public long abuseWarmupMillis() {
    return abuseWarmupMillis;
  }

  /** {@link #CATALOGUE_V1} or {@link #CATALOGUE_V2}. */
  public int catalogueVersion() {
    return catalogueVersion;
  }

  public GeneratorSettings withSeed(long v) {
    return toBuilder().seed(v).build();
  }

  public GeneratorSettings withStartTimeMillis(long v) {
    return toBuilder().startTimeMillis(v).build();
  }

  public GeneratorSettings withEventsPerSecond(double v) {
    return toBuilder().eventsPerSecond(v).build();
  }

  public GeneratorSettings withMaxOutOfOrderMillis(long v) {
    return toBuilder().maxOutOfOrderMillis(v).build();
  }

  public GeneratorSettings withVideoFraction(double v) {
    return toBuilder().videoFraction(v).build();
  }

  public GeneratorSettings withReportFraction(double v) {
    return toBuilder().reportFraction(v).build();
  }

  public GeneratorSettings withMalformedFraction(double v) {
    return toBuilder().malformedFraction(v).build();
  }

  public GeneratorSettings withViolationFraction(double v) {
    return toBuilder().violationFraction(v).build();
  }

  public GeneratorSettings withOversizeBytes(int v) {
    return toBuilder().oversizeBytes(v).build();
  }

  public GeneratorSettings withMaxFutureSkewMillis(long v) {
    return toBuilder().maxFutureSkewMillis(v).build();
  }

  public GeneratorSettings withAbuseRate(double v) {
    return toBuilder().abuseRate(v).build();
  }

  public GeneratorSettings withAbuseWarmupMillis(long v) {
    return toBuilder().abuseWarmupMillis(v).build();
  }

  public GeneratorSettings withCatalogueVersion(int v) {
    return toBuilder().catalogueVersion(v).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GeneratorSettings)) {
      return false;
    }
    GeneratorSettings s = (GeneratorSettings) o;
    return seed == s.seed
        && startTimeMillis == s.startTimeMillis
        && Double.compare(eventsPerSecond, s.eventsPerSecond) == 0
        && maxOutOfOrderMillis == s.maxOutOfOrderMillis
        && Double.compare(videoFraction, s.videoFraction) == 0
        && Double.compare(reportFraction, s.reportFraction) == 0
        && Double.compare(malformedFraction, s.malformedFraction) == 0
        && Double.compare(violationFraction, s.violationFraction) == 0
        && oversizeBytes == s.oversizeBytes
        && maxFutureSkewMillis == s.maxFutureSkewMillis
        && Double.compare(abuseRate, s.abuseRate) == 0
        && abuseWarmupMillis == s.abuseWarmupMillis
        && catalogueVersion == s.catalogueVersion;
  }

  @Override
  public int hashCode() {
    return Objects.hash(seed, startTimeMillis, eventsPerSecond, maxOutOfOrderMillis, videoFraction, reportFraction,
        malformedFraction, violationFraction, oversizeBytes, maxFutureSkewMillis, abuseRate, abuseWarmupMillis,
        catalogueVersion);
  }

  @Override
  public String toString() {
    return "GeneratorSettings{seed=" + seed
        + ", startTime=" + Instant.ofEpochMilli(startTimeMillis)
        + ", eventsPerSecond=" + eventsPerSecond
        + ", maxOutOfOrderMillis=" + maxOutOfOrderMillis
        + ", videoFraction=" + videoFraction
        + ", reportFraction=" + reportFraction
        + ", malformedFraction=" + malformedFraction
        + ", violationFraction=" + violationFraction
        + ", oversizeBytes=" + oversizeBytes
        + ", maxFutureSkewMillis=" + maxFutureSkewMillis
        + ", abuseRate=" + abuseRate
        + ", abuseWarmupMillis=" + abuseWarmupMillis
        + ", catalogueVersion=" + catalogueVersion + '}';
  }

  /** Mutable builder; every setting has a default. */
  public static final class Builder {
    private long seed = 0L;
    private long startTimeMillis = DEFAULT_START_TIME_MILLIS;
    private double eventsPerSecond = 100.0;
    private long maxOutOfOrderMillis = 2_000L;
    private double videoFraction = 0.35;
    private double reportFraction = 0.05;
    private double malformedFraction = 0.0;
    private double violationFraction = 0.0;
    private int oversizeBytes = 70_000;
    private long maxFutureSkewMillis = 3_600_000L;
    private double abuseRate = 1.0;
    private long abuseWarmupMillis = DEFAULT_ABUSE_WARMUP_MILLIS;
    private int catalogueVersion = CATALOGUE_V2;

    private Builder() {}

    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    public Builder startTimeMillis(long v) {
      this.startTimeMillis = v;
      return this;
    }

    public Builder eventsPerSecond(double v) {
      this.eventsPerSecond = v;
      return this;
    }

    public Builder maxOutOfOrderMillis(long v) {
      this.maxOutOfOrderMillis = v;
      return this;
    }

    public Builder videoFraction(double v) {
      this.videoFraction = v;
      return this;
    }

    public Builder reportFraction(double v) {
      this.reportFraction = v;
      return this;
    }

    public Builder malformedFraction(double v) {
      this.malformedFraction = v;
      return this;
    }

    public Builder violationFraction(double v) {
      this.violationFraction = v;
      return this;
    }

    public Builder oversizeBytes(int v) {
      this.oversizeBytes = v;
      return this;
    }

    public Builder maxFutureSkewMillis(long v) {
      this.maxFutureSkewMillis = v;
      return this;
    }

    /** Abuse episodes per 1000 events, in [0, {@value GeneratorSettings#MAX_ABUSE_RATE}]; default 1. */
    public Builder abuseRate(double v) {
      this.abuseRate = v;
      return this;
    }

    /** Warm-up of the history-dependent abuse kinds, >= 0; default 20 minutes. */
    public Builder abuseWarmupMillis(long v) {
      this.abuseWarmupMillis = v;
      return this;
    }

    /** {@link GeneratorSettings#CATALOGUE_V1} or {@link GeneratorSettings#CATALOGUE_V2} (default). */
    public Builder catalogueVersion(int v) {
      this.catalogueVersion = v;
      return this;
    }

    public GeneratorSettings build() {
      return new GeneratorSettings(this);
    }
  }
}
