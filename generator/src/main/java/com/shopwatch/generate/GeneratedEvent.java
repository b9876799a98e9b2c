package com.shopwatch.generate;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated event: the raw payload bytes plus the ground truth a test or a pipeline check can compare against.
 *
 * <ul>
 *   <li>{@code payload}: UTF-8 JSON on one line, or deliberately broken bytes for {@link Kind#MALFORMED}. Never
 *       contains a raw {@code \n} or {@code \r}.
 *   <li>{@code expectedDeadLetterReason}: the dead-letter reason code the pipeline should assign, only for MALFORMED.
 *   <li>{@code violation}: the policy violation code ({@code vape}, {@code weapon}, ...), only for VIOLATION.
 *   <li>{@code abuse}: the code of the abuse detector the event's episode trips ({@code seller_velocity}, ...; see
 *       {@link SyntheticEventGenerator#ABUSE_CODES}), only for ABUSE.
 *   <li>{@code episode}: the id of the abuse episode ({@code E000007}: the episode ordinal, see
 *       {@link SyntheticEventGenerator#episodeId(long)}), only for ABUSE. All events of one episode share it.
 *   <li>{@code country}: the market whose content the payload carries, or null when the payload carries no usable
 *       country (unparseable payloads, {@code invalid_country}).
 *   <li>{@code type}: {@code listing} / {@code video}, or null when the payload has no usable type.
 *   <li>{@code eventTimeMillis}: the scheduled (synthetic) event time of this index; equal to the payload's
 *       {@code event_time} for VALID and VIOLATION events. For MALFORMED events it is the time the event would have
 *       had (usable for watermarks), even if the payload carries a broken or far-future time.
 * </ul>
 */
public final class GeneratedEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Ground-truth class of a generated event. */
  public enum Kind {
    /** Clean, well-formed traffic: no content rule and no abuse detector should flag it. */
    VALID,
    /** A payload the decoder must dead-letter with {@code expectedDeadLetterReason}. */
    MALFORMED,
    /** Well-formed content that a policy rule should flag ({@code violation}). */
    VIOLATION,
    /**
     * Well-formed, content-clean event of an abuse episode: the episode as a whole trips the windowed detector
     * {@code abuse}.
     */
    ABUSE
  }

  private final byte[] payload;
  private final Kind kind;
  private final String expectedDeadLetterReason;
  private final String violation;
  private final String abuse;
  private final String episode;
  private final String country;
  private final String type;
  private final long eventTimeMillis;

  public GeneratedEvent(byte[] payload, Kind kind, String expectedDeadLetterReason, String violation, String country,
      String type, long eventTimeMillis) {
    this(payload, kind, expectedDeadLetterReason, violation, null, null, country, type, eventTimeMillis);
  }

  public GeneratedEvent(byte[] payload, Kind kind, String expectedDeadLetterReason, String violation, String abuse,
      String episode, String country, String type, long eventTimeMillis) {
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    this.kind = Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.MALFORMED) != (expectedDeadLetterReason != null)) {
      throw new IllegalArgumentException("expectedDeadLetterReason must be set iff kind is MALFORMED");
    }
    if ((kind == Kind.VIOLATION) != (violation != null)) {
      throw new IllegalArgumentException("violation must be set iff kind is VIOLATION");
    }
    if ((kind == Kind.ABUSE) != (abuse != null) || (kind == Kind.ABUSE) != (episode != null)) {
      throw new IllegalArgumentException("abuse and episode must be set iff kind is ABUSE");
    }
    this.abuse = abuse;
    this.episode = episode;
    this.expectedDeadLetterReason = expectedDeadLetterReason;
    this.violation = violation;
    this.country = country;
    this.type = type;
    this.eventTimeMillis = eventTimeMillis;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length in bytes (no copy). */
  public int payloadLength() {
    return payload.length;
  }

  /** The payload decoded as UTF-8 (lossy for invalid UTF-8); for logging and tests. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  public Kind kind() {
    return kind;
  }

  public String expectedDeadLetterReason() {
    return expectedDeadLetterReason;
  }

  public String violation() {
    return violation;
  }

  public String abuse() {
    return abuse;
  }

  public String episode() {
    return episode;
  }

  public String country() {
    return country;
  }

  public String type() {
    return type;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GeneratedEvent)) {
      return false;
    }
    GeneratedEvent e = (GeneratedEvent) o;
    return eventTimeMillis == e.eventTimeMillis
        && Arrays.equals(payload, e.payload)
        && kind == e.kind
        && Objects.equals(expectedDeadLetterReason, e.expectedDeadLetterReason)
        && Objects.equals(violation, e.violation)
        && Objects.equals(abuse, e.abuse)
        && Objects.equals(episode, e.episode)
        && Objects.equals(country, e.country)
        && Objects.equals(type, e.type);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(kind, expectedDeadLetterReason, violation, abuse, episode, country, type,
        eventTimeMillis)
        + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    String p = payloadAsString();
    if (p.length() > 160) {
      p = p.substring(0, 160) + "...(" + payload.length + " bytes)";
    }
    return "GeneratedEvent{" + kind
        + (expectedDeadLetterReason != null ? " reason=" + expectedDeadLetterReason : "")
        + (violation != null ? " violation=" + violation : "")
        + (abuse != null ? " abuse=" + abuse + " episode=" + episode : "")
        + " country=" + country + " type=" + type + " t=" + eventTimeMillis + " payload=" + p + '}';
  }
}
