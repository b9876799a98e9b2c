package com.shopwatch.decode;

import java.io.Serializable;
import java.time.Duration;

/** Limits the decoder enforces. Immutable. */
public final class DecoderSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_DEAD_LETTER_PAYLOAD_LIMIT = 4 * 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_NESTING_DEPTH = 16;

    private final int maxPayloadBytes;
    private final int deadLetterPayloadLimit;
    private final long maxFutureSkewMillis;
    private final int maxNestingDepth;

    public DecoderSettings(
            int maxPayloadBytes, int deadLetterPayloadLimit, Duration maxFutureSkew, int maxNestingDepth) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("max payload bytes must be > 0, got " + maxPayloadBytes);
        }
        if (deadLetterPayloadLimit <= 0) {
            throw new IllegalArgumentException(
                    "dead-letter payload limit must be > 0, got " + deadLetterPayloadLimit);
        }
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("max future skew must be >= 0, got " + maxFutureSkew);
        }
        if (maxNestingDepth < 3) {
            throw new IllegalArgumentException("max nesting depth must be >= 3, got " + maxNestingDepth);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.deadLetterPayloadLimit = deadLetterPayloadLimit;
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.maxNestingDepth = maxNestingDepth;
    }

    public static DecoderSettings defaults() {
        return new DecoderSettings(
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_DEAD_LETTER_PAYLOAD_LIMIT,
                DEFAULT_MAX_FUTURE_SKEW,
                DEFAULT_MAX_NESTING_DEPTH);
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public int deadLetterPayloadLimit() {
        return deadLetterPayloadLimit;
    }

    public long maxFutureSkewMillis() {
        return maxFutureSkewMillis;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }
}
