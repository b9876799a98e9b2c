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
 */
public final class GeneratorSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 2026-11-24T00:00:00Z, a fixed default so that default settings are reproducible. */
  public static final long DEFAULT_START_TIME_MILLIS = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();

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
        .maxFutureSkewMillis(maxFutureSkewMillis);
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
        && maxFutureSkewMillis == s.maxFutureSkewMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(seed, startTimeMillis, eventsPerSecond, maxOutOfOrderMillis, videoFraction, reportFraction,
        malformedFraction, violationFraction, oversizeBytes, maxFutureSkewMillis);
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
        + ", maxFutureSkewMillis=" + maxFutureSkewMillis + '}';
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

    public GeneratorSettings build() {
      return new GeneratorSettings(this);
    }
  }
}
